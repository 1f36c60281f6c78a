package dev.trueup.driver.host.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quoted words go through a real /bin/sh and must come out byte for byte, with no side effect. */
class ShellQuoteTest {

  @TempDir Path dir;

  static final List<String> HOSTILE =
      List.of(
          "plain",
          "",
          "it's",
          "''",
          "a'b'c",
          "two\nlines",
          "$(touch PWNED)",
          "`touch PWNED`",
          "${HOME}",
          "-n",
          "--help",
          "; touch PWNED #",
          "* ? [a]",
          "back\\slash",
          "tab\there",
          "ünïcødé");

  @Test
  void everyHostileWordRoundTripsThroughARealShell() throws Exception {
    for (String word : HOSTILE) {
      assertThat(sh("printf '%s' " + ShellQuote.quote(word))).as(word).isEqualTo(word);
    }
    assertThat(dir.resolve("PWNED")).doesNotExist();
  }

  @Test
  void commandQuotesEachWord() throws Exception {
    String out = sh(ShellQuote.command("printf", "[%s]", "-n", "a b", "$(touch PWNED)"));
    assertThat(out).isEqualTo("[-n][a b][$(touch PWNED)]");
    assertThat(dir.resolve("PWNED")).doesNotExist();
  }

  @Test
  void nulIsRefused() {
    assertThatThrownBy(() -> ShellQuote.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
  }

  private String sh(String command) throws Exception {
    Process p =
        new ProcessBuilder("/bin/sh", "-c", command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.exists(dir.resolve("PWNED"))).isFalse();
    return new String(out, StandardCharsets.UTF_8);
  }
}
