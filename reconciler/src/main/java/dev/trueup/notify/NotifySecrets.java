package dev.trueup.notify;

import dev.trueup.model.SecretRef;
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
}
