package dev.trueup.driver.docker.model;

import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.diff.FieldChange;
import dev.trueup.diff.KindDiffer;
import dev.trueup.diff.Note;
import dev.trueup.live.Reachability;
import dev.trueup.observe.LiveNode;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.ResourceKind;
import java.util.List;
import java.util.Optional;

/** The docker driver's diff of a node's containers, as the plan's changes and notes. */
public final class ContainerChanges implements KindDiffer {

  /**
   * The docker driver's diff, as plan changes: a container is created, recreated (an update, with
   * the fields that differ) or deleted, never changed in place. Secret variables show as their
   * references. When the engine could not be observed, nothing is proposed and a note says why.
   */
  @Override
  public void diff(DesiredNode desiredNode, LiveNode live, List<Change> changes, List<Note> notes) {
    String node = desiredNode.node();
    List<DesiredContainerResource> desired = new java.util.ArrayList<>();
    for (DesiredResource r : desiredNode.resources()) {
      if (r instanceof DesiredContainerResource c) {
        desired.add(c);
      }
    }
    if (live.part(LiveContainers.class).isEmpty()) {
      for (DesiredContainerResource c : desired) {
        notes.add(
            new Note(
                Note.Kind.UNCONVERGEABLE, c.id(), "container engine of the node was not observed"));
      }
      return;
    }
    LiveContainers engine = live.part(LiveContainers.class).get();
    if (!engine.observed()) {
      String why =
          engine.reachability() instanceof Reachability.Unreachable u
              ? u.reason()
              : "container engine could not be observed";
      String first = desired.isEmpty() ? node : desired.get(0).id();
      notes.add(new Note(Note.Kind.UNCONVERGEABLE, first, "containers not compared: " + why));
      return;
    }
    java.util.Map<String, DesiredContainerResource> byName = new java.util.HashMap<>();
    desired.forEach(c -> byName.put(c.id(), c));
    ContainerPlan plan =
        ContainerDiff.diff(desired.stream().map(DesiredContainerResource::spec).toList(), engine);
    for (ContainerChange c : plan.changes()) {
      Action action =
          switch (c.action()) {
            case CREATE -> Action.CREATE;
            case RECREATE -> Action.UPDATE;
            case DELETE -> Action.DELETE;
          };
      List<FieldChange> fields =
          c.fields().stream().map(f -> new FieldChange(f.field(), f.desired(), f.live())).toList();
      Optional<DesiredContainerResource> d =
          action == Action.DELETE ? Optional.empty() : Optional.ofNullable(byName.get(c.name()));
      changes.add(
          new Change(
              node,
              ResourceKind.CONTAINER,
              c.name(),
              action,
              fields,
              List.of(),
              action == Action.UPDATE
                  ? Optional.of("recreated: a container is never changed in place")
                  : Optional.empty(),
              d.map(DesiredContainerResource::origin)));
    }
    for (ContainerPlan.Conflict c : plan.conflicts()) {
      notes.add(new Note(Note.Kind.UNCONVERGEABLE, c.name(), c.reason()));
    }
  }
}
