package dev.trueup.live;

import java.util.List;

/** Whether a node could be observed, and if not, why (for the plan and for alerts). */
public sealed interface Reachability {

  record Observed() implements Reachability {}

  /** Connection refused, timed out, authentication failed, a command hung past its deadline. */
  record Unreachable(String reason) implements Reachability {}

  /**
   * The node presented a host key that is not pinned: refused before any credential was sent.
   *
   * @param presented the SHA256 fingerprint the node offered
   * @param expected the pinned fingerprints
   */
  record HostKeyRejected(String presented, List<String> expected) implements Reachability {
    public HostKeyRejected {
      expected = List.copyOf(expected);
    }
  }
}
