package dev.trueup.driver.kubernetes.model;

import java.util.List;

/** What trueup intends to do about one object of the namespace, field by field. */
public record KubeChange(ObjectKey key, Action action, List<KubeField> fields) {

  public enum Action {
    CREATE,
    UPDATE,
    DELETE
  }

  public KubeChange {
    fields = List.copyOf(fields);
  }
}
