package dev.trueup.driver.kubernetes.model;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** One object in the node's namespace: its kind and name. */
public record ObjectKey(KubeKind kind, String name) implements Comparable<ObjectKey> {

  public static ObjectKey of(HasMetadata object) {
    return new ObjectKey(KubeKind.of(object), object.getMetadata().getName());
  }

  @Override
  public int compareTo(ObjectKey o) {
    int c = kind.compareTo(o.kind);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return kind.kind() + "/" + name;
  }
}
