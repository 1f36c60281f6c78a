package dev.trueup.driver.docker.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Desired containers against live ones, on the fields trueup sets only: what the engine adds by
 * itself (image environment such as PATH, default mount options, its own labels) is no drift. Pure:
 * no I/O.
 */
public final class ContainerDiff {

  private ContainerDiff() {}

  public static ContainerPlan diff(Collection<DesiredContainer> desired, LiveContainers live) {
    List<ContainerChange> changes = new ArrayList<>();
    List<ContainerPlan.Conflict> conflicts = new ArrayList<>();
    TreeMap<String, DesiredContainer> byName = new TreeMap<>();
    desired.forEach(d -> byName.put(d.name(), d));
    for (DesiredContainer d : byName.values()) {
      if (live.unlabelled().contains(d.name())) {
        conflicts.add(
            new ContainerPlan.Conflict(
                d.name(),
                "a container named "
                    + d.name()
                    + " exists without trueup's labels for this node; trueup leaves it alone"));
        continue;
      }
      LiveContainer l = live.managed().get(d.name());
      if (l == null) {
        changes.add(new ContainerChange(d.name(), ContainerAction.CREATE, created(d)));
      } else {
        List<ContainerField> fields = fields(d, l);
        if (!fields.isEmpty()) {
          changes.add(new ContainerChange(d.name(), ContainerAction.RECREATE, fields));
        }
      }
    }
    for (LiveContainer l : live.managed().values()) {
      if (!byName.containsKey(l.name())) {
        changes.add(
            new ContainerChange(
                l.name(),
                ContainerAction.DELETE,
                List.of(ContainerField.of("image", null, l.image()))));
      }
    }
    return new ContainerPlan(changes, conflicts);
  }

  /** The fields that differ, in a fixed order; empty when the container is as desired. */
  public static List<ContainerField> fields(DesiredContainer d, LiveContainer l) {
    List<ContainerField> out = new ArrayList<>();
    field(out, "image", d.image(), l.image());
    // An empty command means the image's own: what the engine reports then is not trueup's.
    if (!d.command().isEmpty() && !d.command().equals(l.command())) {
      out.add(ContainerField.of("command", argv(d.command()), argv(l.command())));
    }
    env(out, d, l);
    field(out, "ports", String.join(", ", d.ports()), String.join(", ", l.ports()));
    field(out, "volumes", String.join(", ", d.volumes()), String.join(", ", l.volumes()));
    field(out, "restart", d.restart(), l.restart());
    field(
        out,
        "health",
        d.health().map(ContainerHealth::text).orElse(""),
        l.health().map(ContainerHealth::text).orElse(""));
    if (d.network().isPresent()) {
      field(out, "network", d.network().get(), l.network().orElse(""));
    }
    // trueup starts what it creates: a container stopped by hand (or that exited) is drift too.
    field(out, "state", "running", l.running() ? "running" : "stopped");
    for (String label :
        List.of(DesiredContainer.MANAGED, DesiredContainer.NODE, DesiredContainer.SERVICE)) {
      field(out, "label " + label, d.labels().get(label), l.labels().get(label));
    }
    if (out.isEmpty() && !d.specHash().equals(l.specHash())) {
      // Something trueup set and cannot read back differs (e.g. a command reset to the image's).
      out.add(
          ContainerField.of("spec", d.specHash(), l.specHash().isEmpty() ? null : l.specHash()));
    }
    return out;
  }

  private static void env(List<ContainerField> out, DesiredContainer d, LiveContainer l) {
    TreeSet<String> names = new TreeSet<>(d.env().keySet());
    names.addAll(d.secretEnv().keySet());
    names.addAll(l.trueupEnvNames());
    SortedMap<String, String> liveRefs = l.secretRefs();
    for (String name : names) {
      String field = "env." + name;
      Optional<String> desired = desiredEnv(d, name);
      Optional<String> shown = liveEnv(l, liveRefs, name);
      if (d.secretEnv().containsKey(name) && liveRefs.containsKey(name)) {
        String ref = d.secretEnv().get(name).name();
        if (!ref.equals(liveRefs.get(name))) {
          out.add(new ContainerField(field, desired, shown));
        } else if (d.secretFingerprints().containsKey(name)
            && !d.secretFingerprints().get(name).equals(l.secretFingerprints().get(name))) {
          out.add(ContainerField.of(field, "(secret value changed)", "(secret value)"));
        }
        continue;
      }
      if (!desired.equals(shown)) {
        out.add(new ContainerField(field, desired, shown));
      }
    }
  }

  private static Optional<String> desiredEnv(DesiredContainer d, String name) {
    if (d.secretEnv().containsKey(name)) {
      return Optional.of(d.secretEnv().get(name).toString());
    }
    return Optional.ofNullable(d.env().get(name));
  }

  private static Optional<String> liveEnv(
      LiveContainer l, SortedMap<String, String> refs, String name) {
    if (refs.containsKey(name)) {
      return Optional.of("{secret: " + refs.get(name) + "}");
    }
    return Optional.ofNullable(l.env().get(name));
  }

  private static List<ContainerField> created(DesiredContainer d) {
    List<ContainerField> out = new ArrayList<>();
    out.add(ContainerField.of("image", d.image(), null));
    if (!d.command().isEmpty()) {
      out.add(ContainerField.of("command", argv(d.command()), null));
    }
    d.env().forEach((k, v) -> out.add(ContainerField.of("env." + k, v, null)));
    d.secretEnv().forEach((k, v) -> out.add(ContainerField.of("env." + k, v.toString(), null)));
    if (!d.ports().isEmpty()) {
      out.add(ContainerField.of("ports", String.join(", ", d.ports()), null));
    }
    if (!d.volumes().isEmpty()) {
      out.add(ContainerField.of("volumes", String.join(", ", d.volumes()), null));
    }
    out.add(ContainerField.of("restart", d.restart(), null));
    d.health().ifPresent(h -> out.add(ContainerField.of("health", h.text(), null)));
    d.network().ifPresent(n -> out.add(ContainerField.of("network", n, null)));
    return out;
  }

  private static void field(List<ContainerField> out, String name, String desired, String live) {
    if (!Objects.equals(desired, live)) {
      out.add(ContainerField.of(name, blankToNull(desired), blankToNull(live)));
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String argv(List<String> argv) {
    return String.join(" ", argv.stream().map(ContainerDiff::shellWord).toList());
  }

  private static String shellWord(String s) {
    return !s.isEmpty()
            && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,@%+".indexOf(c) >= 0)
        ? s
        : "'" + s.replace("'", "'\\''") + "'";
  }
}
