package dev.trueup.server;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans for {@code POST /api/v1/plan}: the selected nodes observed over serve's kept connections,
 * decided with its store's history, answered as the plan JSON the CLI prints.
 */
public interface PlanService {
  /** What a plan request came to. */
  sealed interface Answer {
    /**
     * The plan JSON, the exit status {@code trueup plan} would have, and every resource desired
     * state gives each planned node (the plan names only those that change; a node's page lists
     * them all).
     */
    record Planned(String planJson, int exitStatus, Map<String, List<Declared>> declared)
        implements Answer {
      public Planned {
        declared = Map.copyOf(declared);
      }
    }

    /** The desired state is invalid: the validation JSON. */
    record Invalid(String validationJson) implements Answer {}

    /** Names the desired state does not have, each with a did-you-mean. */
    record Unknown(List<String> problems) implements Answer {}

    /** Nothing to plan yet (no revision synced). */
    record Unavailable(String why) implements Answer {}
  }

  /**
   * A resource desired state gives a node, where it was declared, and what was observed of it (a
   * few words; empty where the plan's fields say it all).
   */
  record Declared(String kind, String id, String file, int line, String live) {}

  Answer plan(Set<String> nodes, Set<String> environments, Set<String> groups);
}
