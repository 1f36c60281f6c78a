package dev.trueup.driver.host;

import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.diff.FieldChange;
import dev.trueup.model.value.NodePath;
import dev.trueup.model.value.Parsed;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.ResourceKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One change as the apply script carries it out: the change, its position in the script, and the
 * desired resource it brings about (none for a deletion).
 */
record Step(int index, Change change, Optional<DesiredResource> desired) {

  static final Comparator<Change> ORDER = Change.APPLY_ORDER;

  private static final Set<String> ATTRIBUTES = Set.of("mode", "owner", "group");

  /** What a package, account or kernel parameter name may be (and so never an option). */
  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9+._-]*");

  /** The changes in apply order; a change that cannot be carried out is returned in refused. */
  static List<Step> order(DesiredNode desired, List<Change> changes, List<Refusal> refused) {
    List<Change> sorted = changes.stream().sorted(ORDER).toList();
    List<Step> out = new ArrayList<>();
    for (Change c : sorted) {
      // A removed package or account is still desired (as absent); a deleted file is not.
      Optional<DesiredResource> r =
          c.action() == Action.DELETE && c.kind().namespace().equals("path")
              ? Optional.empty()
              : desired.find(c.kind(), c.id());
      Optional<String> problem = problem(c, r);
      if (problem.isPresent()) {
        refused.add(new Refusal(c, problem.get()));
      } else {
        out.add(new Step(out.size(), c, r));
      }
    }
    return out;
  }

  record Refusal(Change change, String reason) {}

  private static Optional<String> problem(Change c, Optional<DesiredResource> r) {
    if (r.orElse(null) instanceof dev.trueup.driver.host.model.HostSetupResource h) {
      // The firewall's id is its table, "inet trueup": trueup's own, never a user's value.
      boolean named =
          h instanceof dev.trueup.driver.host.model.HostSetupResource.DesiredFirewall
              || NAME.matcher(h.id()).matches();
      return h.kind() == c.kind() && named
          ? Optional.empty()
          : Optional.of("not a valid " + h.kind().label() + " name");
    }
    if (c.action() == Action.DELETE && !c.kind().namespace().equals("path")) {
      return Optional.of("not in the desired state of the node");
    }
    if (c.action() == Action.DELETE) {
      if (c.kind() == ResourceKind.UNIT || c.kind() == ResourceKind.DIRECTORY) {
        return Optional.of("deleting a " + c.kind().label() + " is not supported");
      }
      return path(c.id());
    }
    if (r.isEmpty() || r.get().kind() != c.kind()) {
      return Optional.of("not in the desired state of the node");
    }
    if (r.get() instanceof DesiredResource.DesiredUnit u) {
      return u.name().isEmpty()
              || u.name().startsWith("-")
              || u.name().chars().anyMatch(x -> x < 0x20)
          ? Optional.of("unit name is not valid")
          : Optional.empty();
    }
    return path(c.id());
  }

  private static Optional<String> path(String path) {
    return NodePath.parse(path) instanceof Parsed.Invalid<NodePath> invalid
        ? Optional.of(invalid.message())
        : Optional.empty();
  }

  /** Whether a file's bytes must be written, or only its mode and owner set. */
  boolean writesContent() {
    if (change.action() != Action.UPDATE || change.contentNote().isPresent()) {
      return true;
    }
    return !change.fields().stream().map(FieldChange::field).allMatch(ATTRIBUTES::contains);
  }

  boolean touchesField(String field) {
    return change.fields().stream().anyMatch(f -> f.field().equals(field));
  }
}
