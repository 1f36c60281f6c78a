package dev.trueup.render;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.model.SecretRef;
import dev.trueup.model.value.FileMode;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.secrets.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file that holds a secret's value ({@code content: {secret: name}}), in its two forms. Desired
 * state, plans, diffs and the store hold only the <em>reference</em> form, {@code {secret: name}},
 * so its fingerprint moves when the reference does and never depends on the value. Applying writes
 * the value itself, resolved right before the write. Whether the live file holds the value is
 * decided by the driver while observing (it compares digests and keeps neither); a plan only ever
 * says that the secret-bearing content changed. Pure.
 */
public final class SecretFile {
  private SecretFile() {}

  /** Readable by its owner only unless desired state says otherwise. */
  public static final FileMode DEFAULT_MODE = new FileMode(0600);

  private static final Pattern REFERENCE =
      Pattern.compile("\\{secret: ([a-z0-9][a-z0-9._/-]*)\\}\n");

  static DesiredFile desired(
      String path,
      SecretRef ref,
      Optional<FileMode> mode,
      Optional<String> owner,
      Optional<String> group,
      SourceLocation origin) {
    return new DesiredFile(
        path,
        ("{secret: " + ref.name() + "}\n").getBytes(StandardCharsets.UTF_8),
        mode.or(() -> Optional.of(DEFAULT_MODE)),
        owner,
        group,
        ResourceKind.FILE,
        true,
        origin);
  }

  /** The secret a desired file holds the value of, if it is such a file. */
  public static Optional<SecretRef> parse(DesiredFile f) {
    if (!f.secretBearing()) {
      return Optional.empty();
    }
    Matcher m = REFERENCE.matcher(f.text());
    return m.matches() ? Optional.of(new SecretRef(m.group(1))) : Optional.empty();
  }

  /** The values form, to be written to the node and nowhere else. */
  public static DesiredFile substituted(DesiredFile f, SecretValue value) {
    return new DesiredFile(
        f.path(), value.revealBytes(), f.mode(), f.owner(), f.group(), f.kind(), true, f.origin());
  }
}
