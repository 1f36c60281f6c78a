package dev.trueup.notify;

import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.model.SecretRef;
import dev.trueup.secrets.SecretResolver;
import dev.trueup.secrets.SecretValue;
import java.util.Map;

/** Resolves the secret references of notification channels (URLs, SMTP password, HMAC keys). */
@FunctionalInterface
public interface NotifySecrets {
  /** The value, or a {@link RuntimeException} whose message names the reference only. */
  SecretValue resolve(SecretRef ref);

  static NotifySecrets of(Map<String, SecretValue> values) {
    Map<String, SecretValue> copy = Map.copyOf(values);
    return ref -> {
      SecretValue v = copy.get(ref.name());
      if (v == null) {
        throw new IllegalArgumentException("secret '" + ref.name() + "' is not bound");
      }
      return v;
    };
  }

  /**
   * Channel secrets bound in fleet.yaml {@code secrets:}: every node inherits a fleet binding, so
   * the first node holding a fleet-scoped binding for the reference resolves it.
   */
  public static NotifySecrets fromFleet(DesiredState state, SecretResolver resolver) {
    return ref -> {
      for (Node n : state.nodes().values()) {
        var b = n.secrets().get(ref.name());
        if (b != null && "fleet".equals(b.scope())) {
          return resolver.resolve(n, ref);
        }
      }
      throw new IllegalArgumentException(
          "secret '" + ref.name() + "' is not bound fleet-wide (fleet.yaml secrets:)");
    };
  }
}
