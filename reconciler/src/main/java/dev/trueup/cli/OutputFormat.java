package dev.trueup.cli;

/** How a command prints its result. */
public enum OutputFormat {
  TEXT,
  JSON
}
