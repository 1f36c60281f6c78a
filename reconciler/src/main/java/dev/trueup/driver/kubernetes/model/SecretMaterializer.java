package dev.trueup.driver.kubernetes.model;

import dev.trueup.model.SecretRef;
import dev.trueup.secrets.SecretValue;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Fills a planned Secret with its values, at apply time only. Values come from the resolver
 * function (in production {@code ref -> resolver.resolve(node, ref)}); they go into the object sent
 * to the API server and nowhere else. The fingerprint annotation lets the next run tell that a
 * value changed without ever reading one back for display.
 */
public final class SecretMaterializer {

  private SecretMaterializer() {}

  /**
   * What the observer puts in place of a live Secret's fingerprint when its data no longer is what
   * the fingerprint says: a value edited outside trueup (the plan shows it as changed, never it).
   */
  public static final String EDITED = "edited outside trueup";

  /** The Secret with {@code data} filled and the fingerprint annotation set. */
  public static Secret materialize(Secret planned, Function<SecretRef, SecretValue> resolve) {
    SortedMap<String, String> refs = parseRefs(annotation(planned, Labels.SECRET_REFS));
    TreeMap<String, byte[]> values = new TreeMap<>();
    TreeMap<String, String> data = new TreeMap<>();
    for (Map.Entry<String, String> e : refs.entrySet()) {
      byte[] value = resolve.apply(new SecretRef(e.getValue())).revealBytes();
      values.put(e.getKey(), value);
      data.put(e.getKey(), Base64.getEncoder().encodeToString(value));
    }
    return new SecretBuilder(planned)
        .editMetadata()
        .addToAnnotations(
            Labels.SECRET_FINGERPRINT, fingerprint(planned.getMetadata().getName(), values))
        .endMetadata()
        .withData(data)
        .build();
  }

  /**
   * Whether a live Secret carrying a fingerprint still holds exactly the values it was written
   * with: its data keys are its references' and the fingerprint of their values is the one it
   * carries. The values are hashed here and dropped; none leaves this method.
   */
  public static boolean holdsWhatItsFingerprintSays(Secret live) {
    Map<String, String> data = live.getData() == null ? Map.of() : live.getData();
    SortedMap<String, String> refs = parseRefs(annotation(live, Labels.SECRET_REFS));
    if (!data.keySet().equals(refs.keySet())) {
      return false;
    }
    TreeMap<String, byte[]> values = new TreeMap<>();
    try {
      data.forEach((k, v) -> values.put(k, Base64.getDecoder().decode(v)));
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    return fingerprint(live.getMetadata().getName(), values).equals(fingerprint(live));
  }

  private static String fingerprint(String name, SortedMap<String, byte[]> values) {
    MessageDigest digest = sha256();
    update(digest, "trueup secret\u0000" + name);
    values.forEach(
        (key, value) -> {
          update(digest, "\u0000" + key + "\u0000");
          digest.update(value);
        });
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  /** The fingerprint a Secret carries, or null. */
  public static String fingerprint(Secret secret) {
    return annotation(secret, Labels.SECRET_FINGERPRINT);
  }

  static String refsText(SortedMap<String, SecretRef> refs) {
    StringBuilder sb = new StringBuilder();
    refs.forEach(
        (k, v) -> sb.append(sb.isEmpty() ? "" : ";").append(k).append('=').append(v.name()));
    return sb.toString();
  }

  static SortedMap<String, String> parseRefs(String text) {
    TreeMap<String, String> refs = new TreeMap<>();
    if (text == null || text.isEmpty()) {
      return refs;
    }
    for (String part : text.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        refs.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return refs;
  }

  private static String annotation(Secret secret, String key) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private static void update(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
