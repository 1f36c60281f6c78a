package dev.trueup.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.driver.host.probe.ShellQuote;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Every form a secret may take in a message is scrubbed, and scrubbing comes before cutting. */
class ScrubberTest {
  private static final String AWKWARD = "p\"a\\ss wörd's $HOME\nnext";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Scrubber scrubber = Scrubber.of(List.of(AWKWARD));

  @Test
  void theRawValueAndItsJsonFormsAreScrubbed() {
    String jackson = JSON.writeValueAsString(Map.of("Env", List.of("KEY=" + AWKWARD)));
    String twice = JSON.writeValueAsString(Map.of("message", "bad request: " + jackson));
    String asciiOnly = "KEY=p\\\"a\\\\ss w\\u00f6rd's $HOME\\nnext";
    String asciiUpper = "KEY=p\\\"a\\\\ss w\\u00F6rd's $HOME\\nnext";
    for (String text : List.of(AWKWARD, jackson, twice, asciiOnly, asciiUpper)) {
      assertThat(scrubber.scrub("error: " + text)).as(text).contains(Scrubber.MASK);
      assertGone(scrubber.scrub("error: " + text));
    }
  }

  @Test
  void urlAndShellFormsAreScrubbed() {
    String plus = URLEncoder.encode(AWKWARD, StandardCharsets.UTF_8);
    String percent20 = plus.replace("+", "%20");
    String lower = percent20.toLowerCase(java.util.Locale.ROOT);
    String single = ShellQuote.quote(AWKWARD);
    String backslashed = AWKWARD.replaceAll("([^\\p{L}\\p{N}_\\-./:@%+=])", "\\\\$1");
    String doubleQuoted = "\"" + AWKWARD.replaceAll("([\\\\\"$`])", "\\\\$1") + "\"";
    for (String text : List.of(plus, percent20, lower, single, backslashed, doubleQuoted)) {
      String out = scrubber.scrub("sent " + text + " to the node");
      assertThat(out).as(text).contains(Scrubber.MASK).endsWith(" to the node");
      assertGone(out);
    }
  }

  @Test
  void base64OfTheValueIsScrubbedAtEveryAlignment() {
    String secret = "s3cret-Registry-Password";
    Scrubber s = Scrubber.of(List.of(secret));
    for (String before : List.of("{\"password\":\"", "{\"pw\":\"", "{\"p\":\"")) {
      String auth =
          Base64.getEncoder()
              .encodeToString((before + secret + "\"}").getBytes(StandardCharsets.UTF_8));
      String out = s.scrub("X-Registry-Auth: " + auth);
      assertThat(out).as(before).contains(Scrubber.MASK);
      // What is left of the encoded text is at most the encoding of its non-secret bytes.
      int left = out.length() - "X-Registry-Auth: ".length() - Scrubber.MASK.length();
      assertThat(left).as(out).isLessThanOrEqualTo((before.length() + 2) * 4 / 3 + 4);
    }
  }

  @Test
  void aValueStraddlingTheCutLeavesNoPrefix() {
    String secret = "LongSecretValue-0123456789-abcdefghijklmnopqrstuvwxyz";
    Scrubber s = Scrubber.of(List.of(secret));
    String message = "engine said: " + ".".repeat(252) + " env " + secret + " rest of it";
    String line = s.line(message, 300);
    assertThat(line).hasSizeLessThanOrEqualTo(303).doesNotContain(secret.substring(0, 8));
    assertNoPrefix(line, secret);
  }

  @Test
  void whitespaceIsFoldedOnlyAfterScrubbing() {
    String secret = "two  spaces\tand\na line";
    String line = Scrubber.of(List.of(secret)).line("value: " + secret + " !", 300);
    assertThat(line).isEqualTo("value: [secret] !");
  }

  @Test
  void aTextCutByOthersLosesTheStartOfAValueAtItsEnd() {
    String secret = "CANARY-4f1c9a7e-55d2-4d0b";
    Scrubber s = Scrubber.of(List.of(secret));
    assertThat(s.scrub("create failed: env DB=" + secret.substring(0, 12) + "..."))
        .isEqualTo("create failed: env DB=[secret]...");
    assertThat(s.scrub("ends with CANARY-")).isEqualTo("ends with CANARY-");
  }

  @Test
  void linesOfAValueOfSeveralLinesAreScrubbedOneByOne() {
    String key = "-----BEGIN KEY-----\nAAAAB3NzaC1yc2EAAAADAQABAAABAQ\n-----END KEY-----";
    String out = Scrubber.of(List.of(key)).scrub("cannot parse AAAAB3NzaC1yc2EAAAADAQABAAABAQ");
    assertThat(out).isEqualTo("cannot parse [secret]");
  }

  @Test
  void shortValuesAndUrlUserInformation() {
    Scrubber s = Scrubber.of(List.of("ab", "tok-secret"));
    assertThat(s.scrub("a cab https://me:tok-secret@h.example/x.git: 401 for tok-secret"))
        .isEqualTo("a cab https://h.example/x.git: 401 for [secret]");
    assertThat(Scrubber.none().scrub("ssh://deploy@h.example/x.git"))
        .isEqualTo("ssh://h.example/x.git");
    assertThat(Scrubber.none().line(null, 10)).isEmpty();
  }

  @Test
  void firstLineScrubsTheWholeOutputBeforeItTakesALine() {
    String secret = "first-half\nsecond-half";
    String out =
        Scrubber.of(List.of(secret)).firstLine("sh: 3: bad value " + secret + "\nmore", 200);
    assertThat(out).isEqualTo("sh: 3: bad value [secret]");
  }

  private static void assertGone(String text) {
    assertThat(text)
        .doesNotContain("p\"a")
        .doesNotContain("ss w")
        .doesNotContain("rd's")
        .doesNotContain("HOME");
  }

  private static void assertNoPrefix(String text, String secret) {
    for (int n = 8; n <= secret.length(); n++) {
      assertThat(text).doesNotContain(secret.substring(0, n));
    }
  }
}
