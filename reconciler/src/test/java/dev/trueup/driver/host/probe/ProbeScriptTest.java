package dev.trueup.driver.host.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.driver.host.model.HostFacts;
import dev.trueup.live.LiveEntry;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.ObservationRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The script run by a real /bin/sh the way a remote login shell would run it. */
class ProbeScriptTest {

  @TempDir Path dir;

  @Test
  void hostileNamesAreDataOnStdinNeverCode() throws Exception {
    Path cron = Files.createDirectories(dir.resolve("etc/cron.d"));
    String evil = "trueup-$(touch PWNED)`touch PWNED`\nF 0 x";
    Files.writeString(cron.resolve(evil), "# managed by trueup\n");
    Files.writeString(cron.resolve("trueup-unmarked"), "# hand made\n");
    Files.writeString(cron.resolve("other"), "# managed by trueup\n");
    Path quoted = dir.resolve("it's $(touch PWNED) -n");
    Files.writeString(quoted, "x");
    ObservationRequest request =
        ObservationRequest.of(
            List.of("/it's $(touch PWNED) -n", "/absent"),
            List.of("a.service"),
            List.of("/etc/cron.d"));

    LiveNode live = run(request, dir.toString());

    assertThat(dir.resolve("PWNED")).doesNotExist();
    assertThat(live.systemd()).isFalse();
    assertThat(live.units()).isEmpty();
    assertThat(live.managedFiles()).containsExactly("/etc/cron.d/" + evil);
    LiveEntry.File f = (LiveEntry.File) live.paths().get("/it's $(touch PWNED) -n");
    assertThat(f.size()).isEqualTo(1);
    assertThat(f.managed()).isFalse();
    assertThat(live.paths().get("/absent")).isInstanceOf(LiveEntry.Missing.class);
  }

  @Test
  void largeFilesComeBackHashedWithoutContent() throws Exception {
    Files.write(dir.resolve("big"), new byte[(int) ProbeScript.CONTENT_CAP + 1]);
    Files.write(dir.resolve("edge"), new byte[(int) ProbeScript.CONTENT_CAP]);
    LiveNode live =
        run(ObservationRequest.of(List.of("/big", "/edge"), List.of(), List.of()), dir.toString());
    assertThat(((LiveEntry.File) live.paths().get("/big")).content()).isEmpty();
    assertThat(((LiveEntry.File) live.paths().get("/edge")).content())
        .hasValueSatisfying(c -> assertThat(c).hasSize((int) ProbeScript.CONTENT_CAP));
  }

  @Test
  void inputRefusesLineBreaksDotDotAndOptionLikeUnits() {
    assertThatThrownBy(
            () ->
                ProbeScript.input(
                    ObservationRequest.of(List.of("/a\nP/etc/shadow"), List.of(), List.of()), ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ProbeScript.input(
                    ObservationRequest.of(List.of("/a/../../etc"), List.of(), List.of()), ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ProbeScript.input(
                    ObservationRequest.of(List.of(), List.of("--all"), List.of()), ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ProbeScript.input(
                    ObservationRequest.of(List.of(), List.of(), List.of()), "/r\nP/x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ObservationRequest facts(String... facts) {
    return new ObservationRequest(
        new TreeSet<>(),
        new TreeSet<>(),
        new TreeSet<>(),
        new TreeSet<>(),
        new TreeMap<>(),
        new TreeSet<>(List.of(facts)));
  }

  @Test
  void factsOfThisMachineComeBackOneRecordEach() throws Exception {
    // The build machine is a Debian system: apt, root, the kernel's own parameters.
    LiveNode live =
        run(
            facts(
                "package coreutils",
                "package trueup-no-such-package",
                "user root",
                "uid 0",
                "group root",
                "sysctl kernel.ostype",
                "sysctl no.such.key"),
            "");
    HostFacts f = live.part(HostFacts.class).orElseThrow();
    assertThat(f.of("package", "coreutils").orElseThrow().get(0)).startsWith("apt installed ");
    assertThat(f.of("package", "trueup-no-such-package")).contains(List.of("apt absent"));
    assertThat(HostFacts.decoded(f.of("user", "root").orElseThrow(), "passwd").orElseThrow())
        .startsWith("root:x:0:0:");
    assertThat(f.of("uid", "0")).contains(List.of("name root"));
    assertThat(HostFacts.decoded(f.of("sysctl", "kernel.ostype").orElseThrow(), "value"))
        .contains("Linux");
    assertThat(f.of("sysctl", "no.such.key")).contains(List.of("missing"));
  }

  @Test
  void aConfinedNodeHasNoFactsToGive() throws Exception {
    LiveNode live = run(facts("package coreutils", "user root"), dir.toString());
    assertThat(live.part(HostFacts.class).orElseThrow().lines().values())
        .containsOnly(List.of("sandbox"));
  }

  @Test
  void aRequestWithoutFactsCarriesNoFactsPart() throws Exception {
    assertThat(run(ObservationRequest.of(List.of(), List.of(), List.of()), "").parts()).isEmpty();
  }

  @Test
  void factNamesThatCouldBeOptionsOrCodeAreRefused() {
    for (String bad : List.of("package -rf", "user $(id)", "shell x", "sysctl a\nb")) {
      assertThatThrownBy(() -> ProbeScript.input(facts(bad), ""))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** Runs the remote command line through sh, as sshd would hand it to the login shell. */
  private LiveNode run(ObservationRequest request, String root) throws Exception {
    Process p =
        new ProcessBuilder("/bin/sh", "-c", ProbeScript.remoteCommand())
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (var in = p.getOutputStream()) {
      in.write(ProbeScript.input(request, root));
    }
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return ProbeParser.parse("n", request, new String(out, StandardCharsets.UTF_8));
  }
}
