package dev.trueup.model.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks parsing and fingerprints against keys and fingerprints made by ssh-keygen itself. */
class HostKeyTest {

  @TempDir static Path dir;

  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** Generates a key with ssh-keygen; returns its public key line and ssh-keygen's fingerprint. */
  private static String[] generate(String type, String bits) throws Exception {
    // A fresh file each time: ssh-keygen would otherwise ask before overwriting.
    Path key = dir.resolve(type + bits + "-" + COUNTER.incrementAndGet());
    run(
        "ssh-keygen",
        "-q",
        "-t",
        type,
        "-b",
        bits,
        "-N",
        "",
        "-C",
        "root@test",
        "-f",
        key.toString());
    String line = Files.readString(Path.of(key + ".pub")).strip();
    String listed = run("ssh-keygen", "-l", "-E", "sha256", "-f", key + ".pub");
    return new String[] {line, listed.split(" ")[1]};
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @ParameterizedTest
  @CsvSource({
    "ed25519,256,ED25519",
    "ecdsa,256,ECDSA_P256",
    "ecdsa,384,ECDSA_P384",
    "ecdsa,521,ECDSA_P521",
    "rsa,2048,RSA"
  })
  void matchesSshKeygen(String type, String bits, HostKeyType expected) throws Exception {
    String[] generated = generate(type, bits);
    HostKey key = HostKey.parse(generated[0]).value();
    assertThat(key.type()).isEqualTo(expected);
    assertThat(key.comment()).isEqualTo("root@test");
    assertThat(key.fingerprint()).isEqualTo(generated[1]);
    assertThat(key.toString()).isEqualTo(generated[0]);
    assertThat(key.keyText()).isEqualTo(generated[0].substring(0, generated[0].lastIndexOf(' ')));
    assertThat(HostKey.parse(key.keyText()).value().comment()).isEmpty();
    assertThat(HostKey.parse(generated[0]).value()).isEqualTo(key).hasSameHashCodeAs(key);
  }

  @Test
  void rsaSignatureNamesMeanAnRsaKey() throws Exception {
    String line = generate("rsa", "2048")[0];
    String body = line.substring(line.indexOf(' '));
    assertThat(HostKey.parse("rsa-sha2-256" + body).value().type()).isEqualTo(HostKeyType.RSA);
    assertThat(HostKey.parse("rsa-sha2-512" + body).value().type()).isEqualTo(HostKeyType.RSA);
  }

  @Test
  void rejectsAMismatchedType() throws Exception {
    String data = generate("ed25519", "256")[0].split(" ")[1];
    assertThat(HostKey.parse("ssh-rsa " + data))
        .isEqualTo(
            Parsed.invalid(
                "host key is declared as ssh-rsa but its data holds a key of type \"ssh-ed25519\"",
                "copy the whole line unchanged"));
  }

  @Test
  void rejectsTruncatedAndCorruptData() throws Exception {
    String data = generate("ed25519", "256")[0].split(" ")[1];
    byte[] blob = Base64.getDecoder().decode(data);
    String hint = "paste a line from ssh-keyscan or /etc/ssh/ssh_host_*_key.pub";

    byte[] shortKey = Arrays.copyOf(blob, blob.length - 1);
    assertThat(HostKey.parse("ssh-ed25519 " + Base64.getEncoder().encodeToString(shortKey)))
        .isEqualTo(Parsed.invalid("host key data is not a 32-byte ed25519 key", hint));

    byte[] tiny = Arrays.copyOf(blob, 6);
    assertThat(HostKey.parse("ssh-ed25519 " + Base64.getEncoder().encodeToString(tiny)))
        .isEqualTo(Parsed.invalid("host key data is truncated or corrupt", hint));

    assertThat(HostKey.parse("ssh-ed25519 " + data.substring(0, data.length() - 3) + "!!!"))
        .isEqualTo(Parsed.invalid("host key data is not valid base64", hint));

    byte[] longer = Arrays.copyOf(blob, blob.length + 4);
    assertThat(HostKey.parse("ssh-ed25519 " + Base64.getEncoder().encodeToString(longer)))
        .isEqualTo(Parsed.invalid("host key data is not a 32-byte ed25519 key", hint));
  }

  @Test
  void rejectsAHugeLengthPrefix() {
    byte[] blob = ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0).array();
    assertThat(HostKey.parse("ssh-ed25519 " + Base64.getEncoder().encodeToString(blob)))
        .isEqualTo(
            Parsed.invalid(
                "host key data is truncated or corrupt",
                "paste a line from ssh-keyscan or /etc/ssh/ssh_host_*_key.pub"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ssh-dss AAAA|host key type \"ssh-dss\" is not supported|use ssh-ed25519,"
            + " ecdsa-sha2-nistp256/384/521 or ssh-rsa",
        "AAAAC3NzaC1lZDI1NTE5|host key type \"AAAAC3NzaC1lZDI1NTE5\" is not supported|use"
            + " ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa",
        "ssh-ed25519|host key \"ssh-ed25519\" has no key data|paste a line from ssh-keyscan or"
            + " /etc/ssh/ssh_host_*_key.pub",
        "''|host key is empty|paste a line from ssh-keyscan or /etc/ssh/ssh_host_*_key.pub",
      })
  void rejectsMalformedLines(String text, String message, String hint) {
    assertThat(HostKey.parse(text)).isEqualTo(Parsed.invalid(message, hint));
  }

  @Test
  void blobIsCopied() throws Exception {
    HostKey key = HostKey.parse(generate("ed25519", "256")[0]).value();
    key.blob()[0] = 42;
    assertThat(key.blob()[0]).isZero();
    assertThat(HostKeyType.fromName("nope")).isNull();
    assertThat(HostKeyType.ECDSA_P521.wireName()).isEqualTo("ecdsa-sha2-nistp521");
  }
}
