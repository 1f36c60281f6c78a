package dev.trueup.driver.ssh;

import dev.trueup.live.Reachability;

/** A connection or command that failed, already put the way a report says it. */
public final class SshFailure extends Exception {

  private final Reachability reachability;
  private final boolean deadline;

  public SshFailure(Reachability reachability) {
    this(reachability, false);
  }

  private SshFailure(Reachability reachability, boolean deadline) {
    super(describe(reachability), null, false, false);
    this.reachability = reachability;
    this.deadline = deadline;
  }

  public static SshFailure unreachable(String reason) {
    return new SshFailure(new Reachability.Unreachable(reason));
  }

  /** The node did not answer in time: retrying at once would only wait again. */
  public static SshFailure deadline(String reason) {
    return new SshFailure(new Reachability.Unreachable(reason), true);
  }

  public boolean deadlinePassed() {
    return deadline;
  }

  public Reachability reachability() {
    return reachability;
  }

  private static String describe(Reachability r) {
    return switch (r) {
      case Reachability.Unreachable u -> u.reason();
      case Reachability.HostKeyRejected h ->
          "host key " + h.presented() + " is not pinned (expected " + h.expected() + ")";
      case Reachability.Observed o -> "observed";
    };
  }
}
