package dev.trueup.driver.host.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.live.LiveEntry;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.ObservationRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
