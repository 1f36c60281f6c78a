package dev.trueup.driver.kubernetes.model;

import dev.trueup.model.ManagedFile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A managed file as a ConfigMap: one key, the file's base name, holding the rendered content
 * ({@code data} when it is UTF-8 text, {@code binaryData} otherwise). The node path and mode are
 * annotations. Pure: the content arrives already rendered.
 */
public final class FileConfigMaps {

  private static final int NAME_MAX = 253;

  private FileConfigMaps() {}

  public static ConfigMap configMap(String node, ManagedFile file, byte[] content) {
    String path = file.path().toString();
    String key = key(path);
    TreeMap<String, String> labels = new TreeMap<>(Labels.owned(node));
    TreeMap<String, String> annotations = new TreeMap<>();
    annotations.put(Labels.FILE_PATH, path);
    file.mode().ifPresent(m -> annotations.put(Labels.FILE_MODE, m.octal()));
    ConfigMapBuilder builder =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name(path))
            .withLabels(labels)
            .withAnnotations(annotations)
            .endMetadata();
    String text = utf8(content);
    if (text != null) {
      builder.withData(Map.of(key, text));
    } else {
      builder.withBinaryData(Map.of(key, Base64.getEncoder().encodeToString(content)));
    }
    return builder.build();
  }

  /**
   * {@code file-} and the path in lower case with other characters as '-', plus a short hash of the
   * exact path so that {@code /etc/A.env} and {@code /etc/a-env} never share a name.
   */
  public static String name(String path) {
    String slug =
        path.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    String hash = sha256(path).substring(0, 8);
    String name = "file-" + slug;
    int max = NAME_MAX - hash.length() - 1;
    if (name.length() > max) {
      name = name.substring(0, max).replaceAll("-+$", "");
    }
    return name + "-" + hash;
  }

  /** The ConfigMap key: the base name, restricted to what a key may hold. */
  static String key(String path) {
    String base = path.substring(path.lastIndexOf('/') + 1);
    String key = base.replaceAll("[^-._a-zA-Z0-9]", "_");
    return key.isEmpty() || key.equals(".") || key.equals("..") ? "content" : key;
  }

  private static String utf8(byte[] content) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
