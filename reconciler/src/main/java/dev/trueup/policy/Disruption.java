package dev.trueup.policy;

import dev.trueup.model.ManagedFile;
import dev.trueup.model.Node;
import dev.trueup.model.Service;
import dev.trueup.render.ResourceKind;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What applying one change interrupts on its node, which decides the busy checks that may defer it:
 * the services it restarts or reloads, the node as a whole, or nothing. Pure.
 */
public sealed interface Disruption {

  /** A change nothing running notices: a file no unit reads, a user, a directory, a timer file. */
  record None() implements Disruption {}

  /**
   * A change to the machine under every service (a package, a kernel setting, the firewall): only
   * the node's own checks guard it.
   */
  record NodeWide() implements Disruption {}

  /** A change that restarts or reloads these services. */
  record Services(Set<String> names) implements Disruption {
    public Services {
      names = Set.copyOf(names);
    }
  }

  /** Whether a busy check that says busy holds this change. */
  default boolean guardedBy(dev.trueup.model.BusyCheck check) {
    return switch (this) {
      case None n -> false;
      case NodeWide w -> check.service().isEmpty();
      case Services s -> check.service().map(s.names()::contains).orElse(true);
    };
  }

  /**
   * @param containerService the service a container change belongs to (the container back end names
   *     its containers)
   */
  static Disruption of(Node node, ResourceKind kind, String id, Optional<String> containerService) {
    return switch (kind) {
      case CONTAINER ->
          containerService.<Disruption>map(s -> new Services(Set.of(s))).orElse(new NodeWide());
      case UNIT, UNIT_FILE -> unitService(node, id.substring(id.lastIndexOf('/') + 1));
      case FILE -> {
        ManagedFile f = node.files().get(id);
        Set<String> touched = new LinkedHashSet<>();
        if (f != null) {
          touched.addAll(f.restarts());
          touched.addAll(f.reloads());
        }
        yield touched.isEmpty() ? new None() : new Services(touched);
      }
      case PACKAGE, SYSCTL, FIREWALL -> new NodeWide();
      case KUBERNETES_OBJECT -> new NodeWide();
      case GROUP, USER, AUTHORIZED_KEYS, DIRECTORY, SCHEDULE, CRONTAB, ALERT_RULES -> new None();
    };
  }

  /** The service whose unit this is; a unit of no service (a schedule's timer) disrupts nothing. */
  private static Disruption unitService(Node node, String unit) {
    for (Service s : node.services().values()) {
      if (s.systemd().isPresent() && s.systemd().get().unit().equals(unit)) {
        return new Services(Set.of(s.name()));
      }
    }
    return new None();
  }
}
