package dev.trueup.driver.host.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.driver.host.model.HostFacts;
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

  static final ObservationRequest LISTED =
      new ObservationRequest(
          new java.util.TreeSet<>(
              List.of("/etc/cron.d/trueup-a", "/etc/cron.d/trueup-b", "/etc/passwd")),
          new java.util.TreeSet<>(),
          new java.util.TreeSet<>(List.of("/etc/cron.d")),
          new java.util.TreeSet<>(),
          new java.util.TreeMap<>(),
          new java.util.TreeSet<>(List.of("user root")));

  /** Sent files: digest, size and marker come from the bytes, in either of the two forms. */
  @Test
  void sentFilesTakeDigestSizeAndMarkerFromTheirBytes() {
    String out =
        """
        trueup-probe 1
        systemd 0
        M 0
        m= 0
        m= 1
        G 0 644
        root
        root
        T 2 0
        c # managed by trueup
        c 0 6 * * * root true
        G 1 600
        root
        adm
        C IyBoYW5kIG1hZGUKIyBtYW5hZ2VkIGJ5IHRydWV1cAo=
        G 2 644
        root
        root
        T 0 1
        K 0
        k passwd= root:x:0:0:root:/root:/bin/sh
        k primary root
        end
        """;
    LiveNode live = ProbeParser.parse("n", LISTED, out);
    LiveEntry.File a = (LiveEntry.File) live.paths().get("/etc/cron.d/trueup-a");
    byte[] aBytes = "# managed by trueup\n0 6 * * * root true".getBytes(StandardCharsets.UTF_8);
    assertThat(a.content()).hasValueSatisfying(c -> assertThat(c).isEqualTo(aBytes));
    assertThat(a.size()).isEqualTo(aBytes.length);
    assertThat(a.sha256()).isEqualTo(sha256(aBytes));
    assertThat(a.managed()).isTrue();
    LiveEntry.File b = (LiveEntry.File) live.paths().get("/etc/cron.d/trueup-b");
    assertThat(new String(b.content().orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo("# hand made\n# managed by trueup\n");
    assertThat(b.managed()).as("the marker on the second line does not count").isFalse();
    assertThat(b.mode()).isEqualTo("0600");
    assertThat(b.group()).isEqualTo("adm");
    LiveEntry.File empty = (LiveEntry.File) live.paths().get("/etc/passwd");
    assertThat(empty.size()).isZero();
    assertThat(empty.sha256()).isEqualTo(sha256(new byte[0]));
    assertThat(live.managedFiles()).containsExactly("/etc/cron.d/trueup-a");
    HostFacts facts = live.part(HostFacts.class).orElseThrow();
    assertThat(facts.lines().get("user root"))
        .as("a raw value reads as the base64 one would")
        .containsExactly("passwd cm9vdDp4OjA6MDpyb290Oi9yb290Oi9iaW4vc2g=", "primary root");
  }

  @Test
  void theMarkerIsLookedForOnTheFirstLineWithinTheFirst1024Bytes() {
    assertThat(ProbeParser.marked(bytes("# managed by trueup"))).isTrue();
    assertThat(ProbeParser.marked(bytes("x\n# managed by trueup\n"))).isFalse();
    assertThat(ProbeParser.marked(bytes(" ".repeat(1007) + "managed by trueup"))).isTrue();
    assertThat(ProbeParser.marked(bytes(" ".repeat(1008) + "managed by trueup"))).isFalse();
    assertThat(ProbeParser.marked(new byte[0])).isFalse();
  }

  @Test
  void malformedSentFilesAndListingsAreErrors() {
    String head = "trueup-probe 1\nsystemd 0\n";
    String tail = "N 1\nN 2\nK 0\nk absent\nend\n";
    for (String bad :
        List.of(
            "G 0 644\nroot\nroot\n",
            "G 0 644\nroot\nroot\nT 2 1\nc one\n",
            "G 0 644\nroot\nroot\nT 1 2\nc one\n",
            "G 0 9z\nroot\nroot\nC \n",
            "N 0\nM 0\nm= 2\n",
            "N 0\nM 0\nm= 7\n")) {
      assertThatThrownBy(() -> ProbeParser.parse("n", LISTED, head + bad + tail))
          .as(bad)
          .isInstanceOf(ProbeFormatException.class);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] content) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
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
