package dev.trueup.driver.host.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.driver.host.model.HostFacts;
import dev.trueup.live.LiveEntry;
import dev.trueup.model.BusyCheck;
import dev.trueup.model.SecretRef;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.ObservationRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  /** What the probe says of each file must be what Java reads in it, whatever way it was sent. */
  @Test
  void filesOfEveryShapeComeBackAsTheirOwnBytes() throws Exception {
    byte[] binary = new byte[300];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    Map<String, byte[]> files = new TreeMap<>();
    files.put("/with spaces in it.conf", "a = b\n\tindented\n".getBytes(StandardCharsets.UTF_8));
    files.put("/no-final-newline", "one\ntwo".getBytes(StandardCharsets.UTF_8));
    files.put("/empty-lines", "\n\n\nx\n\n".getBytes(StandardCharsets.UTF_8));
    files.put("/only-newline", "\n".getBytes(StandardCharsets.UTF_8));
    files.put("/empty", new byte[0]);
    files.put("/binary", binary);
    files.put("/nul-in-text", "ab\0cd\n".getBytes(StandardCharsets.UTF_8));
    files.put("/carriage-return", "a\r\nb\r\n".getBytes(StandardCharsets.UTF_8));
    files.put("/utf8", "caf\u00e9 \u2603\n".getBytes(StandardCharsets.UTF_8));
    files.put("/backslashes", "a\\nb \\ c\\\n".getBytes(StandardCharsets.UTF_8));
    files.put("/leading-space", "   x  \n  \n".getBytes(StandardCharsets.UTF_8));
    files.put("/long-text", "line of text\n".repeat(200).getBytes(StandardCharsets.UTF_8));
    files.put("/long-no-newline", "x".repeat(5000).getBytes(StandardCharsets.UTF_8));
    files.put("/dash-n", "-n\n-e\n".getBytes(StandardCharsets.UTF_8));
    files.put("/percent", "%s %d %%\n".getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Files.write(dir.resolve(e.getKey().substring(1)), e.getValue());
    }
    LiveNode live =
        run(
            ObservationRequest.of(List.copyOf(files.keySet()), List.of(), List.of()),
            dir.toString());
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      LiveEntry.File f = (LiveEntry.File) live.paths().get(e.getKey());
      assertThat(f.content())
          .as(e.getKey())
          .hasValueSatisfying(c -> assertThat(c).isEqualTo(e.getValue()));
      assertThat(f.sha256()).as(e.getKey()).isEqualTo(sha256(e.getValue()));
      assertThat(f.size()).as(e.getKey()).isEqualTo(e.getValue().length);
      assertThat(f.mode()).isEqualTo("0644");
      assertThat(f.managed()).isFalse();
    }
  }

  @Test
  void theMarkerCountsOnTheFirstLineOnlyWhateverWayTheFileIsRead() throws Exception {
    String first = "# managed by trueup\nx=1\n";
    String second = "# hand made\n# managed by trueup\n";
    String late = "#" + " ".repeat(1100) + "managed by trueup\n";
    byte[] binaryFirst = (first + "\0\1\2").getBytes(StandardCharsets.UTF_8);
    byte[] longFirst = (first + "y\n".repeat(1000)).getBytes(StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("first"), first);
    Files.writeString(dir.resolve("second"), second);
    Files.writeString(dir.resolve("late"), late);
    Files.write(dir.resolve("binary-first"), binaryFirst);
    Files.write(dir.resolve("long-first"), longFirst);
    Files.writeString(dir.resolve("secret-first"), first);
    Files.writeString(dir.resolve("secret-second"), second);
    List<String> paths =
        List.of(
            "/first",
            "/second",
            "/late",
            "/binary-first",
            "/long-first",
            "/secret-first",
            "/secret-second");
    LiveNode live = run(secrets(paths, "/secret-first", "/secret-second"), dir.toString());
    Map<String, Boolean> managed = new TreeMap<>();
    live.paths().forEach((p, e) -> managed.put(p, ((LiveEntry.File) e).managed()));
    assertThat(managed)
        .containsEntry("/first", true)
        .containsEntry("/second", false)
        .containsEntry("/late", false)
        .containsEntry("/binary-first", true)
        .containsEntry("/long-first", true)
        .containsEntry("/secret-first", true)
        .containsEntry("/secret-second", false);
  }

  @Test
  void secretFilesComeBackAsTheirDigestOnly() throws Exception {
    Files.writeString(dir.resolve("app.env"), "TOKEN=hunter2\n");
    Files.writeString(dir.resolve("other secret"), "PASSWORD=x");
    Files.writeString(dir.resolve("plain"), "plain\n");
    Files.createDirectories(dir.resolve("etc"));
    LiveNode live =
        run(
            secrets(
                List.of("/app.env", "/etc", "/other secret", "/plain"),
                "/app.env",
                "/other secret"),
            dir.toString());
    LiveEntry.File env = (LiveEntry.File) live.paths().get("/app.env");
    assertThat(env.content()).isEmpty();
    assertThat(env.sha256()).isEqualTo(sha256("TOKEN=hunter2\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(env.size()).isEqualTo(14);
    LiveEntry.File other = (LiveEntry.File) live.paths().get("/other secret");
    assertThat(other.content()).isEmpty();
    assertThat(other.sha256()).isEqualTo(sha256("PASSWORD=x".getBytes(StandardCharsets.UTF_8)));
    assertThat(((LiveEntry.File) live.paths().get("/plain")).content()).isPresent();
    assertThat(live.paths().get("/etc")).isInstanceOf(LiveEntry.Directory.class);
  }

  /**
   * stat and sha256sum answer for all paths at once; one that fails part way (a file vanished
   * between the look and the stat) must not shift the answers onto the wrong paths.
   */
  @ParameterizedTest
  @ValueSource(strings = {"stat", "sha256sum"})
  void aBatchCommandThatFailsPartWayFallsBackToEachPathOnItsOwn(String tool) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    String real = Path.of("/usr/bin", tool).toRealPath().toString();
    // With more than one path it answers for all but the first, and fails, as for a vanished one.
    Path wrapper = bin.resolve(tool);
    Files.writeString(
        wrapper,
        """
        #!/bin/sh
        n=0
        for a do case $a in /*) n=$((n + 1)) ;; esac; done
        if [ "$n" -gt 1 ]; then
          while [ "$1" != -- ]; do set -- "$@" "$1"; shift; done
          shift; shift
          %s "$@" 2>/dev/null
          exit 1
        fi
        exec %s "$@"
        """
            .formatted(real, real));
    wrapper.toFile().setExecutable(true);
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.writeString(root.resolve("a"), "aaa\n");
    Files.writeString(root.resolve("b"), "bb\n");
    Files.writeString(root.resolve("s1"), "s1\n");
    Files.writeString(root.resolve("s2"), "s2-longer\n");
    Files.createDirectories(root.resolve("d"));
    LiveNode live =
        run(
            secrets(List.of("/a", "/b", "/d", "/s1", "/s2"), "/s1", "/s2"),
            root.toString(),
            bin + ":" + System.getenv("PATH"));
    assertThat(((LiveEntry.File) live.paths().get("/a")).size()).isEqualTo(4);
    assertThat(((LiveEntry.File) live.paths().get("/b")).size()).isEqualTo(3);
    assertThat(((LiveEntry.File) live.paths().get("/s1")).sha256())
        .isEqualTo(sha256("s1\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(((LiveEntry.File) live.paths().get("/s2")).sha256())
        .isEqualTo(sha256("s2-longer\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(live.paths().get("/d")).isInstanceOf(LiveEntry.Directory.class);
  }

  /** Root reads everything: the probe runs as nobody here so that a file can be unreadable. */
  @Test
  void anUnreadableFileAmongReadableOnesIsReportedAloneAsUnreadable() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.writeString(root.resolve("a"), "a\n");
    Files.writeString(root.resolve("locked"), "secret\n");
    Files.writeString(root.resolve("locked-secret"), "secret\n");
    Files.write(root.resolve("big-locked"), new byte[(int) ProbeScript.CONTENT_CAP + 10]);
    Files.writeString(root.resolve("z"), "z\n");
    for (String locked : List.of("locked", "locked-secret", "big-locked")) {
      Files.setPosixFilePermissions(root.resolve(locked), Set.of());
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    ObservationRequest request =
        secrets(List.of("/a", "/big-locked", "/locked", "/locked-secret", "/z"), "/locked-secret");
    LiveNode live = run(request, root.toString(), null, asNobody());
    assertThat(live.paths().get("/locked")).isEqualTo(new LiveEntry.Other("unreadable"));
    assertThat(live.paths().get("/locked-secret")).isEqualTo(new LiveEntry.Other("unreadable"));
    assertThat(live.paths().get("/big-locked")).isEqualTo(new LiveEntry.Other("unreadable"));
    assertThat(((LiveEntry.File) live.paths().get("/a")).content())
        .hasValueSatisfying(
            c -> assertThat(new String(c, StandardCharsets.UTF_8)).isEqualTo("a\n"));
    assertThat(((LiveEntry.File) live.paths().get("/z")).content())
        .hasValueSatisfying(
            c -> assertThat(new String(c, StandardCharsets.UTF_8)).isEqualTo("z\n"));
  }

  @Test
  void aListedFileTheRequestAlsoAsksAboutTakesItsMarkerFromItsOwnRecord() throws Exception {
    Path cron = Files.createDirectories(dir.resolve("etc/cron.d"));
    Files.writeString(cron.resolve("trueup-asked-marked"), "# managed by trueup\n");
    Files.writeString(cron.resolve("trueup-asked-unmarked"), "# hand made\n# managed by trueup\n");
    Files.writeString(cron.resolve("trueup-asked-secret"), "# managed by trueup\nK=v\n");
    Files.writeString(cron.resolve("trueup-orphan"), "# managed by trueup\n");
    Files.writeString(cron.resolve("trueup-orphan-unmarked"), "# hand made\n");
    Files.createSymbolicLink(cron.resolve("trueup-link"), cron.resolve("trueup-orphan"));
    ObservationRequest request =
        secrets(
            List.of(
                "/etc/cron.d/trueup-asked-marked",
                "/etc/cron.d/trueup-asked-unmarked",
                "/etc/cron.d/trueup-asked-secret",
                "/etc/cron.d/trueup-link",
                "/etc/cron.d/trueup-absent"),
            List.of("/etc/cron.d"),
            "/etc/cron.d/trueup-asked-secret");
    LiveNode live = run(request, dir.toString());
    assertThat(live.managedFiles())
        .containsExactly(
            "/etc/cron.d/trueup-asked-marked",
            "/etc/cron.d/trueup-asked-secret",
            "/etc/cron.d/trueup-orphan");
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

  private static ObservationRequest secrets(List<String> paths, String... secret) {
    return secrets(paths, List.of(), secret);
  }

  private static ObservationRequest secrets(
      List<String> paths, List<String> dirs, String... secret) {
    TreeMap<String, SecretRef> secrets = new TreeMap<>();
    for (String path : secret) {
      secrets.put(path, new SecretRef("app/secret"));
    }
    return new ObservationRequest(
        new TreeSet<>(paths),
        new TreeSet<>(),
        new TreeSet<>(dirs),
        new TreeSet<>(),
        secrets,
        new TreeSet<>());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** The probe run as nobody (the test runs as root, who can read every file). */
  private static List<String> asNobody() {
    return List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
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
    return run(request, root, path, List.of());
  }

  private LiveNode run(ObservationRequest request, String root, String path, List<String> prefix)
      throws Exception {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of("/bin/sh", "-c", ProbeScript.remoteCommand()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
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
