package dev.trueup.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.diff.Action;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.render.ResourceKind;
import dev.trueup.testing.fixtures.Changes;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeKeyTest {
  static DesiredFile file(String content, String at) {
    return new DesiredFile(
        "/etc/app.conf",
        content.getBytes(StandardCharsets.UTF_8),
        Optional.empty(),
        Optional.of("root"),
        Optional.empty(),
        ResourceKind.FILE,
        false,
        new SourceLocation(at, 1, 1));
  }

  @Test
  void theFingerprintIsTheDesiredResourceNotWhereItWasDeclared() {
    assertThat(ChangeKey.fingerprint(file("a=1\n", "nodes/web.yaml")))
        .isEqualTo(ChangeKey.fingerprint(file("a=1\n", "nodes/aurora.yaml")))
        .isNotEqualTo(ChangeKey.fingerprint(file("a=2\n", "nodes/web.yaml")))
        .hasSize(12);
  }

  @Test
  void textRoundTrips() {
    ChangeKey key =
        ChangeKey.of(Changes.file("aurora", "/etc/app.conf"), Optional.of(file("a", "x")));
    assertThat(ChangeKey.parse(key.text())).isEqualTo(key);
    assertThat(key.text()).startsWith("aurora:file:/etc/app.conf@");
  }

  @Test
  void aDeletionHasNoDesiredContent() {
    ChangeKey key =
        ChangeKey.of(
            Changes.change("aurora", ResourceKind.FILE, "/etc/old", Action.DELETE),
            Optional.empty());
    assertThat(key.fingerprint()).isEqualTo(ChangeKey.ABSENT);
  }

  @Test
  void malformedKeysAreRefused() {
    assertThatThrownBy(() -> ChangeKey.parse("aurora/etc/app.conf"))
        .hasMessageContaining("node:kind:id@fingerprint");
  }
}
