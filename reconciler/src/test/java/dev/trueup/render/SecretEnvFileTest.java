package dev.trueup.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.model.SecretRef;
import dev.trueup.model.value.FileMode;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.secrets.SecretValue;
import dev.trueup.testing.EnvironmentFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service's secret environment file: references in desired state, values on the node. */
class SecretEnvFileTest {
  private static final String AWKWARD = "p\"a\\ss w\u00f6rd's $HOME `id`\nsecond line";
  private static final Map<String, String> VALUES =
      Map.of("db/password", AWKWARD, "api/token", "tok-123");

  @TempDir Path dir;

  private static DesiredFile references() {
    TreeMap<String, SecretRef> env = new TreeMap<>();
    env.put("DB_PASSWORD", new SecretRef("db/password"));
    env.put("API_TOKEN", new SecretRef("api/token"));
    return new DesiredFile(
        "/etc/trueup/env/api.service.env",
        SecretEnvFile.references(env),
        Optional.of(new FileMode(0600)),
        Optional.empty(),
        Optional.empty(),
        ResourceKind.FILE,
        true,
        new SourceLocation("services/api.yaml", 1, 1));
  }

  private static SecretValue resolve(SecretRef ref) {
    return SecretValue.of(VALUES.get(ref.name()));
  }

  @Test
  void theValuesFormIsWhatAShellReadsBackExactly() throws Exception {
    DesiredFile filled = SecretEnvFile.substituted(references(), SecretEnvFileTest::resolve);
    Path file = dir.resolve("api.env");
    Files.write(file, filled.content());
    // systemd's EnvironmentFile= reads double-quoted values as POSIX sh does.
    assertThat(EnvironmentFiles.sourced(file, "DB_PASSWORD")).isEqualTo(AWKWARD);
    assertThat(EnvironmentFiles.sourced(file, "API_TOKEN")).isEqualTo("tok-123");
    assertThat(filled.mode()).contains(new FileMode(0600));
    assertThat(references().text()).doesNotContain("tok-123").contains("{secret: api/token}");
  }

  @Test
  void aLiveFileHoldsTheDesiredReferencesUntilEitherSideMoves() {
    DesiredFile desired = references();
    byte[] live = SecretEnvFile.substituted(desired, SecretEnvFileTest::resolve).content();
    assertThat(SecretEnvFile.holds(desired.sha256(), live)).isTrue();

    byte[] edited =
        new String(live, StandardCharsets.UTF_8)
            .replace("tok-123", "tok-999")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(SecretEnvFile.holds(desired.sha256(), edited)).as("edited on the node").isFalse();

    TreeMap<String, SecretRef> moved = new TreeMap<>(SecretEnvFile.parse(desired).orElseThrow());
    moved.put("API_TOKEN", new SecretRef("api/other"));
    String other = DesiredFile.sha256(SecretEnvFile.references(moved));
    assertThat(SecretEnvFile.holds(other, live)).as("references changed").isFalse();
    assertThat(SecretEnvFile.holds(desired.sha256(), desired.content())).isFalse();
  }

  @Test
  void valuesAnEnvironmentFileCannotCarryAreRefusedByReference() {
    assertThatThrownBy(
            () -> SecretEnvFile.substituted(references(), ref -> SecretValue.of("a\u0000b")))
        .isInstanceOf(SecretEnvFile.Unusable.class)
        .hasMessageContaining("secret 'api/token' holds a NUL byte")
        .hasMessageNotContaining("a\u0000b");
    assertThatThrownBy(
            () ->
                SecretEnvFile.substituted(
                    references(), ref -> SecretValue.of(new byte[] {(byte) 0xff, 'x'})))
        .hasMessageContaining("is not UTF-8");
  }

  @Test
  void onlyItsOwnReferencesFormIsTakenForOne() {
    DesiredFile f = references();
    DesiredFile notSecret =
        new DesiredFile(
            f.path(), f.content(), f.mode(), f.owner(), f.group(), f.kind(), false, f.origin());
    assertThat(SecretEnvFile.parse(notSecret)).isEmpty();
    DesiredFile edited =
        new DesiredFile(
            f.path(),
            (f.text() + "EXTRA=1\n").getBytes(StandardCharsets.UTF_8),
            f.mode(),
            f.owner(),
            f.group(),
            f.kind(),
            true,
            f.origin());
    assertThat(SecretEnvFile.parse(edited)).isEmpty();
    assertThat(SecretEnvFile.unitOf("/etc/trueup/env/api.service.env")).contains("api.service");
    assertThat(SecretEnvFile.unitOf("/etc/app.env")).isEmpty();
  }
}
