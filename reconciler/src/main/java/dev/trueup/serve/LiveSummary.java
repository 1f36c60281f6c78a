package dev.trueup.serve;

import dev.trueup.driver.docker.model.LiveContainer;
import dev.trueup.driver.docker.model.LiveContainers;
import dev.trueup.live.LiveEntry;
import dev.trueup.live.LiveUnit;
import dev.trueup.observe.LiveNode;
import dev.trueup.render.ResourceKind;

/**
 * What was observed of one resource, in a few words for a node's page: a path's type, mode, owner
 * and size, a unit's enabled and active states, a container's image and whether it runs. Never a
 * file's content or digest, nor a container's environment (they may carry secrets); empty for kinds
 * whose facts the plan's fields already say. Pure.
 */
final class LiveSummary {
  private LiveSummary() {}

  static String of(LiveNode live, ResourceKind kind, String id) {
    if (!live.observed()) {
      return "";
    }
    LiveEntry entry = live.paths().get(id);
    if (entry != null) {
      return switch (entry) {
        case LiveEntry.Missing m -> "missing";
        case LiveEntry.File f ->
            "file "
                + f.mode()
                + " "
                + f.owner()
                + ":"
                + f.group()
                + ", "
                + f.size()
                + (f.size() == 1 ? " byte" : " bytes")
                + (f.managed() ? ", marked managed by trueup" : "");
        case LiveEntry.Directory d -> "directory " + d.mode() + " " + d.owner() + ":" + d.group();
        case LiveEntry.Other o -> o.type();
      };
    }
    LiveUnit unit = live.units().get(id);
    if (unit != null) {
      return unit.exists() ? unit.enabled() + ", " + unit.active() : "no such unit";
    }
    if (kind == ResourceKind.CONTAINER) {
      return live.part(LiveContainers.class)
          .map(
              c -> {
                LiveContainer l = c.managed().get(id);
                if (l == null) {
                  return c.unlabelled().contains(id) ? "a container trueup did not make" : "none";
                }
                return l.image()
                    + ", "
                    + (l.running() ? "running" : "stopped")
                    + l.healthStatus().filter(h -> !h.isEmpty()).map(h -> ", " + h).orElse("");
              })
          .orElse("");
    }
    return "";
  }
}
