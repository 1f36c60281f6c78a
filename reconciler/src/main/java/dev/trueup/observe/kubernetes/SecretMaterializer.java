package dev.trueup.observe.kubernetes;

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

  /** The Secret with {@code data} filled and the fingerprint annotation set. */
  public static Secret materialize(Secret planned, Function<SecretRef, SecretValue> resolve) {
    SortedMap<String, String> refs = parseRefs(annotation(planned, Labels.SECRET_REFS));
    TreeMap<String, String> data = new TreeMap<>();
    MessageDigest digest = sha256();
    update(digest, "trueup secret\u0000" + planned.getMetadata().getName());
    for (Map.Entry<String, String> e : refs.entrySet()) {
      byte[] value = resolve.apply(new SecretRef(e.getValue())).revealBytes();
      update(digest, "\u0000" + e.getKey() + "\u0000");
      digest.update(value);
      data.put(e.getKey(), Base64.getEncoder().encodeToString(value));
    }
    String fingerprint = "sha256:" + HexFormat.of().formatHex(digest.digest());
    return new SecretBuilder(planned)
        .editMetadata()
        .addToAnnotations(Labels.SECRET_FINGERPRINT, fingerprint)
        .endMetadata()
        .withData(data)
        .build();
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
