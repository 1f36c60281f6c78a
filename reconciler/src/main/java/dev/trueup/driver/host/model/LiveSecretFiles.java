package dev.trueup.driver.host.model;

import dev.trueup.live.Facts;
import dev.trueup.live.LivePart;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Whether each file that should hold a secret's value holds it, as the driver found while
 * observing: it resolved the secret, compared digests and kept neither.
 *
 * @param verdicts by path
 */
public record LiveSecretFiles(SortedMap<String, Verdict> verdicts) implements LivePart {

  public LiveSecretFiles {
    verdicts = Collections.unmodifiableSortedMap(new TreeMap<>(verdicts));
  }

  /** What the driver found for one file. */
  public sealed interface Verdict {
    /** The live file holds exactly the secret's value. */
    record Holds() implements Verdict {}

    /**
     * The live file is missing or holds something else.
     *
     * @param desired the keyed digest of the secret's value ({@link
     *     dev.trueup.secrets.SecretDigest}), when there is a key
     * @param live the keyed digest of what the live file holds, when there is a key and a file
     */
    record Differs(Optional<String> desired, Optional<String> live) implements Verdict {
      /** Differs, with nothing to show. */
      public static Differs unshown() {
        return new Differs(Optional.empty(), Optional.empty());
      }
    }

    /** The secret could not be resolved; the message names the reference, never a value. */
    record Unresolvable(String reason) implements Verdict {}
  }

  public Optional<Verdict> verdict(String path) {
    return Optional.ofNullable(verdicts.get(path));
  }

  @Override
  public List<String> facts() {
    return verdicts.entrySet().stream()
        .map(
            e ->
                "secret-file "
                    + Facts.quote(e.getKey())
                    + " "
                    + switch (e.getValue()) {
                      case Verdict.Holds h -> "holds";
                      case Verdict.Differs d ->
                          "differs " + d.desired().orElse("-") + " " + d.live().orElse("-");
                      case Verdict.Unresolvable u -> "unresolvable " + Facts.quote(u.reason());
                    })
        .toList();
  }
}
