package dev.trueup.notify;

import java.time.Instant;

/** An event and when it was recorded. */
public record LoggedEvent(Instant at, Event event) {}
