package dev.trueup.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An event log kept as JSON lines in a file (next to the embedded store). Entries older than {@link
 * #RETAIN_DAYS} days are dropped when the file is rewritten by {@link #prune}.
 */
public final class FileEventLog implements EventLog {
  public static final int RETAIN_DAYS = 15;
  private final Path file;

  public FileEventLog(Path file) {
    this.file = file;
  }

  @Override
  public synchronized void append(Instant at, List<Event> events) {
    StringBuilder out = new StringBuilder();
    for (Event e : events) {
      ObjectNode o = Payload.JSON.createObjectNode();
      o.put("at", at.toString());
      o.put("level", e.level().name());
      o.put("kind", e.kind().name());
      o.put("node", e.node());
      o.put("subject", e.subject());
      var d = o.putArray("details");
      e.details().forEach(d::add);
      o.put("key", e.dedupKey());
      out.append(Payload.JSON.writeValueAsString(o)).append('\n');
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(
          file, out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the notification event log " + file, e);
    }
  }

  @Override
  public synchronized List<LoggedEvent> between(Instant from, Instant to) {
    List<LoggedEvent> out = new ArrayList<>();
    for (LoggedEvent e : all()) {
      if (!e.at().isBefore(from) && e.at().isBefore(to)) {
        out.add(e);
      }
    }
    return out;
  }

  /** Drops entries older than the retention; the weekly window is the longest one read. */
  public synchronized void prune(Instant now) {
    Instant cutoff = now.minus(java.time.Duration.ofDays(RETAIN_DAYS));
    List<LoggedEvent> keep = all().stream().filter(e -> e.at().isAfter(cutoff)).toList();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    keep.forEach(e -> append(e.at(), List.of(e.event())));
  }

  private List<LoggedEvent> all() {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<LoggedEvent> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode o = Payload.JSON.readTree(line);
        List<String> details = new ArrayList<>();
        o.path("details").forEach(d -> details.add(d.asString()));
        out.add(
            new LoggedEvent(
                Instant.parse(o.path("at").asString()),
                new Event(
                    dev.trueup.model.AlertLevel.valueOf(o.path("level").asString()),
                    Event.Kind.valueOf(o.path("kind").asString()),
                    o.path("node").asString(),
                    o.path("subject").asString(),
                    details,
                    o.path("key").asString())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the notification event log " + file, e);
    }
    return out;
  }
}
