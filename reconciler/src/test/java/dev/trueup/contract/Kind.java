package dev.trueup.contract;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One row of the contract's table: a resource kind on the back ends that have it. Ids and
 * expectations may say {@code {node}} for the back end's node name; an expected change may end its
 * id in {@code *} where the driver derives the rest (a ConfigMap's content hash).
 *
 * @param declared what the row adds to the node's file: section ({@code files}, {@code services},
 *     ...) → its entries, one YAML line each at the section's level
 * @param repoFiles what the row adds to the repository besides: path → content
 * @param created what a plan of a clean node must hold for it, each {@code "create KIND ID"}
 * @param drift what a person does to it by hand on the real back end
 * @param drifted the plan of the drift, each {@code "ACTION KIND ID: FIELD, FIELD"}
 * @param removed the plan once desired state no longer names it ({@code "delete KIND ID"}); empty
 *     where the documented rule is to leave it (then {@code leftAlone} checks it is still there)
 */
record Kind(
    String name,
    Set<Where> on,
    Map<String, List<String>> declared,
    Map<String, String> repoFiles,
    List<String> created,
    Consumer<Hands> drift,
    List<String> drifted,
    List<String> removed,
    Consumer<Hands> leftAlone) {

  static final Consumer<Hands> NOTHING_LEFT = hands -> {};

  Kind {
    declared = Map.copyOf(declared);
    repoFiles = Map.copyOf(repoFiles);
    created = List.copyOf(created);
    drifted = List.copyOf(drifted);
    removed = List.copyOf(removed);
  }

  @Override
  public String toString() {
    return name;
  }
}
