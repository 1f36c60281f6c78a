package dev.trueup.engine;

/** Where a run says how far it got (stderr for the CLI; nothing in tests). */
@FunctionalInterface
public interface Progress {
  Progress NONE = (done, total, node) -> {};

  void observed(int done, int total, String node);
}
