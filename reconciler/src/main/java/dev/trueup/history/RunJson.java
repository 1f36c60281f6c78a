package dev.trueup.history;

import dev.trueup.store.Run;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON form of a run record, for {@code trueup history} and the API alike. */
public final class RunJson {
  private RunJson() {}

  /** Which replica ran it: the API says so; history, read on one machine, leaves it out. */
  public enum Owner {
    SHOWN,
    LEFT_OUT
  }

  /** Writes the run's fields into {@code o}, in their stable order. */
  public static ObjectNode into(ObjectNode o, Run r, Owner owner) {
    o.put("id", r.id());
    o.put("kind", r.kind().json());
    o.put("trigger", r.trigger());
    o.put("desiredRevision", r.desiredRevision().orElse(null));
    o.put("status", r.status().name().toLowerCase(Locale.ROOT));
    if (owner == Owner.SHOWN) {
      o.put("owner", r.owner());
    }
    o.put("startedAt", r.startedAt().toString());
    o.put("finishedAt", r.finishedAt().map(Object::toString).orElse(null));
    o.put("summary", r.summary().orElse(null));
    return o;
  }
}
