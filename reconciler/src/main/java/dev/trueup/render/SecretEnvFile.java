package dev.trueup.render;

import dev.trueup.model.SecretRef;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.secrets.SecretValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment file of a systemd service's secret variables, in its two forms. Desired state
 * (plans, diffs, the store) only ever holds the <em>references</em> form: {@code KEY={secret:
 * name}} lines. Applying writes the <em>values</em> form, substituted from the resolver right
 * before the write: {@code KEY="value"} lines (double-quoted as systemd's {@code EnvironmentFile=}
 * reads them: {@code \ " $ `} escaped, line breaks kept inside the quotes), under a second header
 * line naming the SHA-256 of the references form and of the lines below it.
 *
 * <p>That header is what a plan compares: the live file holds the desired references when its
 * references hash is the desired file's hash, and it was not edited since when the hash of its
 * lines still matches — neither needs a secret. A value changed only in its provider is written the
 * next time the file is (it cannot be seen without resolving it). Pure.
 */
public final class SecretEnvFile {
  private SecretEnvFile() {}

  private static final String HEADER = "# trueup: references sha256:";
  private static final String VALUES = ", values sha256:";
  private static final Pattern REFERENCE =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\\{secret: ([a-z0-9][a-z0-9._/-]*)\\}");

  /** Where a unit's secret environment files live: {@code <dir>/<unit>.env}. */
  public static final String DIRECTORY = "/etc/trueup/env";

  /** A value that an environment file cannot carry (the message names the reference). */
  public static final class Unusable extends RuntimeException {
    Unusable(String message) {
      super(message);
    }
  }

  /**
   * The unit whose secret environment file is at {@code path} ({@code /etc/trueup/env/<unit>.env}):
   * a unit reads it only when it starts, so writing it restarts the unit as writing its unit file
   * does.
   */
  public static Optional<String> unitOf(String path) {
    String dir = DIRECTORY + "/";
    if (!path.startsWith(dir) || !path.endsWith(".env") || path.indexOf('/', dir.length()) >= 0) {
      return Optional.empty();
    }
    return Optional.of(path.substring(dir.length(), path.length() - ".env".length()));
  }

  /** The references form: what desired state holds. */
  public static byte[] references(SortedMap<String, SecretRef> env) {
    StringBuilder b = new StringBuilder(Marker.LINE).append('\n');
    env.forEach((key, ref) -> b.append(key).append('=').append(ref).append('\n'));
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The variables and references of a desired file, if it is such a file. */
  public static Optional<SortedMap<String, SecretRef>> parse(DesiredFile f) {
    if (!f.secretBearing()) {
      return Optional.empty();
    }
    List<String> lines = f.text().lines().toList();
    if (lines.isEmpty() || !lines.get(0).equals(Marker.LINE)) {
      return Optional.empty();
    }
    SortedMap<String, SecretRef> env = new java.util.TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      Matcher m = REFERENCE.matcher(line);
      if (!m.matches()) {
        return Optional.empty();
      }
      env.put(m.group(1), new SecretRef(m.group(2)));
    }
    return Arrays.equals(references(env), f.content()) ? Optional.of(env) : Optional.empty();
  }

  /**
   * The values form of a desired references file, to be written to the node and nowhere else.
   *
   * @throws Unusable for a value with a NUL byte or that is not UTF-8 (systemd refuses both)
   * @throws RuntimeException whatever {@code resolve} throws for a reference it cannot resolve
   */
  public static DesiredFile substituted(DesiredFile f, Function<SecretRef, SecretValue> resolve) {
    SortedMap<String, SecretRef> env =
        parse(f)
            .orElseThrow(
                () -> new IllegalArgumentException(f.path() + " is not a secret environment file"));
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, SecretRef> e : env.entrySet()) {
      String value = text(e.getValue(), resolve.apply(e.getValue()).revealBytes());
      body.append(e.getKey()).append("=\"").append(quoted(value)).append("\"\n");
    }
    byte[] lines = body.toString().getBytes(StandardCharsets.UTF_8);
    String header =
        Marker.LINE + "\n" + HEADER + f.sha256() + VALUES + DesiredFile.sha256(lines) + "\n";
    byte[] head = header.getBytes(StandardCharsets.UTF_8);
    byte[] content = Arrays.copyOf(head, head.length + lines.length);
    System.arraycopy(lines, 0, content, head.length, lines.length);
    return new DesiredFile(
        f.path(), content, f.mode(), f.owner(), f.group(), f.kind(), true, f.origin());
  }

  /**
   * Whether a live file is the values form of the references form with hash {@code desiredSha256},
   * unedited since it was written.
   */
  public static boolean holds(String desiredSha256, byte[] live) {
    String prefix = Marker.LINE + "\n" + HEADER + desiredSha256 + VALUES;
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    int hashEnd = p.length + 64;
    if (live.length <= hashEnd
        || !Arrays.equals(live, 0, p.length, p, 0, p.length)
        || live[hashEnd] != '\n') {
      return false;
    }
    String recorded = new String(live, p.length, 64, StandardCharsets.US_ASCII);
    byte[] lines = Arrays.copyOfRange(live, hashEnd + 1, live.length);
    return recorded.equals(DesiredFile.sha256(lines));
  }

  /** Whether a live file is in the values form (whatever references it was written from). */
  public static boolean isValuesForm(byte[] live) {
    byte[] p = (Marker.LINE + "\n" + HEADER).getBytes(StandardCharsets.UTF_8);
    return live.length >= p.length && Arrays.equals(live, 0, p.length, p, 0, p.length);
  }

  private static String text(SecretRef ref, byte[] value) {
    for (byte b : value) {
      if (b == 0) {
        throw new Unusable(
            "secret '" + ref.name() + "' holds a NUL byte, which an environment file cannot carry");
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Unusable(
          "secret '" + ref.name() + "' is not UTF-8 text, which an environment file needs");
    }
  }

  /** Inside double quotes, systemd (like sh) takes {@code \ " $ `} literally only escaped. */
  private static String quoted(String value) {
    StringBuilder b = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == '"' || c == '$' || c == '`') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
