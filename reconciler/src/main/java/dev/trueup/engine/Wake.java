package dev.trueup.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a serve cycle should run now.
 *
 * @param reason for logs and the run record, e.g. {@code github push refs/heads/main 1a2b3c}
 * @param commit the commit a push announced; a hint only — the cycle fetches the ref itself
 * @param force apply even when the source did not move (a manual sync, startup, a retry); a push is
 *     not forced, so replaying it for a revision already applied starts no run
 */
public record Wake(String reason, Optional<String> commit, boolean force) {
  public Wake {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(commit, "commit");
  }

  public static Wake push(String reason, String commit) {
    return new Wake(reason, Optional.ofNullable(commit), false);
  }

  public static Wake manual(String reason) {
    return new Wake(reason, Optional.empty(), true);
  }
}
