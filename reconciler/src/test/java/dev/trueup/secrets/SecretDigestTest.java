package dev.trueup.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.render.DesiredResource.DesiredFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretDigestTest {
  @TempDir Path state;

  private static String sha(String value) {
    return DesiredFile.sha256(value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theSameValueShowsTheSameDigestSoARotationBackIsRecognised() {
    SecretDigest digest = SecretDigest.of("k".repeat(32).getBytes(StandardCharsets.UTF_8));
    assertThat(digest.of(sha("hunter2"))).isEqualTo(digest.of(sha("hunter2")));
    assertThat(digest.of(sha("hunter2"))).isNotEqualTo(digest.of(sha("hunter3")));
    assertThat(digest.of(sha("hunter2")).orElseThrow()).matches("hmac:[0-9a-f]{12}");
    // The hex of a live file's hash may come back in upper case: the same digest.
    assertThat(digest.of(sha("hunter2").toUpperCase())).isEqualTo(digest.of(sha("hunter2")));
  }

  @Test
  void withoutTheKeyTheDigestCannotBeRecomputed() {
    SecretDigest one = SecretDigest.of("a".repeat(32).getBytes(StandardCharsets.UTF_8));
    SecretDigest other = SecretDigest.of("b".repeat(32).getBytes(StandardCharsets.UTF_8));
    assertThat(one.of(sha("hunter2"))).isNotEqualTo(other.of(sha("hunter2")));
    // Neither is a prefix of the plain hash, which anyone could compute from a guess.
    assertThat(sha("hunter2")).doesNotContain(one.of(sha("hunter2")).orElseThrow().substring(5));
  }

  @Test
  void noKeyShowsNoDigest() {
    assertThat(SecretDigest.NONE.of(sha("hunter2"))).isEmpty();
  }

  @Test
  void theEnvironmentKeyWinsAndMustBeLongEnough() {
    SecretDigest given =
        SecretDigest.installation(
            Map.of("TRUEUP_DIGEST_KEY", "0123456789abcdef", "XDG_STATE_HOME", state.toString()));
    assertThat(given.of(sha("x")))
        .isEqualTo(
            SecretDigest.of("0123456789abcdef".getBytes(StandardCharsets.UTF_8)).of(sha("x")));
    assertThat(state.resolve("trueup")).doesNotExist();
    assertThatThrownBy(() -> SecretDigest.installation(Map.of("TRUEUP_DIGEST_KEY", "short")))
        .hasMessageContaining("TRUEUP_DIGEST_KEY must be at least 16 characters");
  }

  @Test
  void otherwiseAKeyFileIsCreatedOwnerOnlyAndKeptAcrossRuns() throws Exception {
    Map<String, String> env = Map.of("XDG_STATE_HOME", state.toString());
    SecretDigest first = SecretDigest.installation(env);
    Path file = state.resolve("trueup/digest.key");
    assertThat(file).isRegularFile();
    assertThat(Files.size(file)).isEqualTo(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(SecretDigest.installation(env).of(sha("x"))).isEqualTo(first.of(sha("x")));
    assertThat(first.toString()).isEqualTo("SecretDigest[keyed]");
  }

  @Test
  void aStateDirectoryThatCannotBeWrittenShowsNoDigestRatherThanFailingThePlan() throws Exception {
    Path blocked = state.resolve("not-a-directory");
    Files.writeString(blocked, "a file where the directory should be");
    assertThat(SecretDigest.installation(Map.of("XDG_STATE_HOME", blocked.toString())))
        .isSameAs(SecretDigest.NONE);
  }
}
