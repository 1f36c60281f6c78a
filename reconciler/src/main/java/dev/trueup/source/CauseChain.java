package dev.trueup.source;

import java.util.ArrayList;
import java.util.List;

/** A failure and its causes as one line: up to four messages, each said once. */
final class CauseChain {
  private CauseChain() {}

  static String text(Throwable e) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
      String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (parts.stream().noneMatch(p -> p.contains(m))) {
        parts.add(m);
      }
    }
    return String.join(": ", parts);
  }
}
