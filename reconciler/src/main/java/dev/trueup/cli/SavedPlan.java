package dev.trueup.cli;

import dev.trueup.plan.Plan;
import dev.trueup.report.PlanJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;

/**
 * A plan saved with {@code trueup plan --out}, read back for {@code apply --plan} and {@code show}.
 * Anything else (a missing file, a directory, a YAML file, a truncated or hostile JSON) is refused
 * with one sentence naming the file.
 */
record SavedPlan(Path file, String json, Plan plan) {

  /** Far above any real plan; keeps a device or a huge file from filling the heap. */
  static final long MAX_BYTES = 256L << 20;

  static SavedPlan read(Path file) {
    String json;
    try {
      if (Files.isDirectory(file)) {
        throw new CommandFailure(file + " is a directory, not a plan file");
      }
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        throw new CommandFailure(file + " is not a regular file");
      }
      if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
        throw new CommandFailure(
            file + " is larger than " + (MAX_BYTES >> 20) + " MiB: not a plan trueup wrote");
      }
      json = Files.readString(file);
    } catch (IOException e) {
      throw new CommandFailure("cannot read the plan " + FailurePrinter.describe(e));
    }
    try {
      return new SavedPlan(file, json, PlanJson.read(json));
    } catch (StreamConstraintsException e) {
      throw notAPlan(file, "it is nested deeper, or holds longer values, than any plan");
    } catch (JacksonException e) {
      throw notAPlan(file, "it is not JSON: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw notAPlan(file, "it is " + e.getMessage());
    } catch (RuntimeException e) {
      // The format matched but the shape did not: truncated, edited or from another version.
      throw notAPlan(file, "it has the plan format's name but not its shape");
    }
  }

  JsonNode tree() {
    return PlanJson.parse(json);
  }

  private static CommandFailure notAPlan(Path file, String why) {
    return new CommandFailure(file + " is not a plan saved by `trueup plan --out` (" + why + ")");
  }
}
