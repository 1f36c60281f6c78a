package dev.trueup.driver.docker;

import dev.trueup.secrets.Scrubber;
import java.util.List;

/**
 * Secret values for one create: resolved now, held only for the engine call; the scrubber knows
 * them for every message about that call.
 */
record ResolvedEnvironment(List<String> env, Scrubber scrubber) {
  static Scrubber scrubber(ResolvedEnvironment resolved) {
    return resolved == null ? Scrubber.none() : resolved.scrubber();
  }
}
