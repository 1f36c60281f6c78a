package dev.trueup.driver.host.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.live.LiveEntry;
import dev.trueup.live.LiveUnit;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.ObservationRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Probe output parsed offline. The file records are as the probe printed them here; this machine
 * has no systemd, so the unit records were written by hand from {@code systemctl show} output.
 */
class ProbeParserTest {

  static final ObservationRequest REQUEST =
      ObservationRequest.of(
          List.of(
              "/etc/app/app.env",
              "/etc/app",
              "/etc/cron.d/trueup-backup",
              "/srv/big.bin",
              "/run/x"),
          List.of("nginx.service", "gone.service"),
          List.of("/etc/cron.d"));

  static final String SHA = "427f93cafd9cc19be6eec03e590c9c6cdf9f688a5eaf21fa8d72351e2b15fd05";

  // Items go by index in sorted order: units gone, nginx; paths /etc/app, /etc/app/app.env,
  // /etc/cron.d/trueup-backup, /run/x, /srv/big.bin
  static final String CAPTURED =
      """
      trueup-probe 1
      systemd 1
      D 0 750
      root
      app
      F 1 %s 1 3 640
      root
      app
      C dm0K
      N 2
      X 3 socket
      F 4 %s 0 1048576 644
      www data
      www-data
      U 0
      u LoadState=not-found
      u ActiveState=inactive
      u UnitFileState=
      U 1
      u LoadState=loaded
      u ActiveState=active
      u UnitFileState=enabled
      M 0
      m dHJ1ZXVwLWJhY2t1cA==
      m dHJ1ZXVwLQpGIDAgZXZpbA==
      end
      """
          .formatted(SHA, SHA);

  @Test
  void parsesEveryKindOfRecord() {
    LiveNode live = ProbeParser.parse("aurora", REQUEST, CAPTURED);
    assertThat(live.observed()).isTrue();
    assertThat(live.systemd()).isTrue();
    assertThat(live.paths().get("/etc/app"))
        .isEqualTo(new LiveEntry.Directory("0750", "root", "app"));
    LiveEntry.File env = (LiveEntry.File) live.paths().get("/etc/app/app.env");
    assertThat(env.sha256()).isEqualTo(SHA);
    assertThat(env.mode()).isEqualTo("0640");
    assertThat(env.managed()).isTrue();
    assertThat(new String(env.content().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("vm\n");
    assertThat(live.paths().get("/etc/cron.d/trueup-backup")).isInstanceOf(LiveEntry.Missing.class);
    assertThat(live.paths().get("/run/x")).isEqualTo(new LiveEntry.Other("socket"));
    LiveEntry.File big = (LiveEntry.File) live.paths().get("/srv/big.bin");
    assertThat(big.content()).isEmpty();
    assertThat(big.size()).isEqualTo(1048576);
    assertThat(big.owner()).as("owner names with spaces survive").isEqualTo("www data");
    assertThat(live.units())
        .containsEntry("nginx.service", new LiveUnit("nginx.service", true, "enabled", "active"))
        .containsEntry("gone.service", new LiveUnit("gone.service", false, "", "inactive"));
  }

  @Test
  void hostileFileNamesCannotForgeRecords() {
    LiveNode live = ProbeParser.parse("aurora", REQUEST, CAPTURED);
    // The second name holds a newline and what looks like a file record: it stays a name.
    assertThat(live.managedFiles())
        .containsExactly("/etc/cron.d/trueup-\nF 0 evil", "/etc/cron.d/trueup-backup");
  }

  @Test
  void emptyFileHasEmptyContent() {
    String out = "trueup-probe 1\nsystemd 0\nF 0 %s 0 0 644\nroot\nroot\nC \nend\n".formatted(SHA);
    LiveNode live =
        ProbeParser.parse("n", ObservationRequest.of(List.of("/e"), List.of(), List.of()), out);
    assertThat(((LiveEntry.File) live.paths().get("/e")).content())
        .hasValueSatisfying(c -> assertThat(c).isEmpty());
  }

  @Test
  void truncatedOrForeignOutputIsAnErrorThatQuotesNothing() {
    String cut = CAPTURED.substring(0, CAPTURED.indexOf("U 0"));
    assertThatThrownBy(() -> ProbeParser.parse("aurora", REQUEST, cut))
        .isInstanceOf(ProbeFormatException.class)
        .hasMessageContaining("ends early");
    assertThatThrownBy(() -> ProbeParser.parse("aurora", REQUEST, "Welcome to pyenv!\n" + CAPTURED))
        .isInstanceOf(ProbeFormatException.class);
    String secretish = CAPTURED.replace("N 2", "c2VjcmV0LXZhbHVl");
    assertThatThrownBy(() -> ProbeParser.parse("aurora", REQUEST, secretish))
        .isInstanceOf(ProbeFormatException.class)
        .message()
        .doesNotContain("c2VjcmV0LXZhbHVl");
    String outOfRange = CAPTURED.replace("N 2", "N 9");
    assertThatThrownBy(() -> ProbeParser.parse("aurora", REQUEST, outOfRange))
        .isInstanceOf(ProbeFormatException.class);
  }
}
