package dev.trueup.live;

/** How live facts are written for a fingerprint: quoted, and reachability in one word or more. */
public final class Facts {
  private Facts() {}

  // Quoted and escaped so that no value can imitate a separator.
  public static String quote(String s) {
    return s == null
        ? "null"
        : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  public static String reach(Reachability r) {
    return switch (r) {
      case Reachability.Observed o -> "observed";
      case Reachability.Unreachable u -> "unreachable " + quote(u.reason());
      case Reachability.HostKeyRejected h ->
          "host-key-rejected "
              + quote(h.presented())
              + " "
              + h.expected().stream().map(Facts::quote).toList();
    };
  }
}
