package dev.trueup.driver.host.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.driver.host.model.HostFacts;
import dev.trueup.live.LiveEntry;
import dev.trueup.model.BusyCheck;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.ObservationRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void busyChecksSayBusyIdleOrTimeoutWithOrWithoutTimeoutInstalled(boolean timeoutInstalled)
      throws Exception {
    String path = null;
    if (!timeoutInstalled) {
      Path bin = Files.createDirectories(dir.resolve("bin"));
      for (String tool : List.of("sh", "sleep", "rm", "cat")) {
        Files.createSymbolicLink(bin.resolve(tool), Path.of("/bin", tool).toRealPath());
      }
      path = bin.toString();
    }
    Files.writeString(dir.resolve("busy"), "");
    ObservationRequest request =
        checks(
            check("busy", "test -e busy", 5, true),
            check("idle", "test -e not-there", 5, true),
            check("reads-nothing", "cat > /dev/null; exit 0", 5, true),
            check("hangs", "sleep 30", 1, false));
    long started = System.nanoTime();
    LiveNode live = run(request, "", path);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    HostFacts facts = live.part(HostFacts.class).orElseThrow();
    assertThat(facts.lines())
        .containsEntry("busy busy", List.of("busy"))
        .containsEntry("busy idle", List.of("idle"))
        .containsEntry("busy reads-nothing", List.of("busy"))
        .containsEntry("busy hangs", List.of("timeout"));
  }

  @Test
  void aBusyCheckIdThatCouldBreakItsLineIsRefused() {
    assertThatThrownBy(() -> ProbeScript.input(checks(check("a b", "true", 1, true)), ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProbeScript.input(checks(check("a", "true\nK x", 1, true)), ""))
        .isInstanceOf(IllegalArgumentException.class);
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
    return run(request, root, null);
  }

  private static ObservationRequest checks(BusyCheck... checks) {
    return ObservationRequest.of(List.of(), List.of(), List.of()).withBusyChecks(List.of(checks));
  }

  private static BusyCheck check(String name, String command, int seconds, boolean busyOnTimeout) {
    return new BusyCheck(
        name,
        command,
        Duration.ofSeconds(seconds),
        busyOnTimeout ? BusyCheck.OnTimeout.BUSY : BusyCheck.OnTimeout.NOT_BUSY,
        Optional.empty(),
        dev.trueup.testing.TestNodes.HERE);
  }

  /** With {@code path}, the probe finds only the commands in it (one without timeout(1)). */
  private LiveNode run(ObservationRequest request, String root, String path) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("/bin/sh", "-c", ProbeScript.remoteCommand())
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    if (path != null) {
      builder.environment().put("PATH", path);
    }
    Process p = builder.start();
    try (var in = p.getOutputStream()) {
      in.write(ProbeScript.input(request, root));
    }
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return ProbeParser.parse("n", request, new String(out, StandardCharsets.UTF_8));
  }
}
