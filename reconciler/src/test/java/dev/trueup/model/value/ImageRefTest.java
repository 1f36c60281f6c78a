package dev.trueup.model.value;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageRefTest {

  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      value = {
        "postgres|NONE|postgres|latest|false",
        "postgres:16.4|NONE|postgres|16.4|true",
        "library/postgres:16.4|NONE|library/postgres|16.4|true",
        "ghcr.io/acme/chat-backend:v1.2.3|ghcr.io|acme/chat-backend|v1.2.3|true",
        "localhost:5000/app|localhost:5000|app|latest|false",
        "localhost/app:latest|localhost|app|latest|true",
        "Registry.Example.com/a__b/c.d/e--f:TAG_1|Registry.Example.com|a__b/c.d/e--f|TAG_1|true",
        "[::1]:5000/app:1|[::1]:5000|app|1|true",
        "10.0.0.1:5000/app|10.0.0.1:5000|app|latest|false",
      })
  void parses(String text, String registry, String path, String tag, boolean explicitTag) {
    ImageRef ref = ImageRef.parse(text).value();
    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.path()).isEqualTo(path);
    assertThat(ref.tag()).isEqualTo(tag);
    assertThat(ref.explicitTag()).isEqualTo(explicitTag);
    assertThat(ref.digest()).isNull();
    assertThat(ref.text()).isEqualTo(text);
    assertThat(ref).hasToString(text);
  }

  @Test
  void digests() {
    ImageRef pinned = ImageRef.parse("postgres:16.4@" + DIGEST).value();
    assertThat(pinned.digest()).isEqualTo(DIGEST);
    assertThat(pinned.tag()).isEqualTo("16.4");
    assertThat(pinned.repository()).isEqualTo("postgres");
    assertThat(pinned.text()).isEqualTo("postgres:16.4@" + DIGEST);

    ImageRef digestOnly = ImageRef.parse("ghcr.io/a/b@" + DIGEST).value();
    assertThat(digestOnly.explicitTag()).isFalse();
    assertThat(digestOnly.repository()).isEqualTo("ghcr.io/a/b");
    assertThat(digestOnly.text()).isEqualTo("ghcr.io/a/b@" + DIGEST);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      value = {
        "Postgres:16|image \"Postgres:16\" has an invalid path component \"Postgres\"|repository"
            + " names are lower-case, e.g. \"postgres\"",
        "acme/Chat:1|image \"acme/Chat:1\" has an invalid path component \"Chat\"|repository names"
            + " are lower-case, e.g. \"chat\"",
        "a/-b|image \"a/-b\" has an invalid path component \"-b\"|use lower-case letters and"
            + " digits, separated by '.', '_', '__' or '-'",
        "a//b|image \"a//b\" has an invalid path component \"\"|use lower-case letters and digits,"
            + " separated by '.', '_', '__' or '-'",
        "a___b|image \"a___b\" has an invalid path component \"a___b\"|use lower-case letters and"
            + " digits, separated by '.', '_', '__' or '-'",
        "postgres:.bad|image \"postgres:.bad\" has an invalid tag \".bad\"|a tag is up to 128"
            + " letters, digits, '_', '.' and '-', not starting with '.' or '-'",
        "postgres:|image \"postgres:\" has an invalid tag \"\"|a tag is up to 128 letters, digits,"
            + " '_', '.' and '-', not starting with '.' or '-'",
        "postgres@sha256:abc|image \"postgres@sha256:abc\" has an invalid digest"
            + " \"sha256:abc\"|write it as @sha256: followed by 64 lower-case hex digits",
        "postgres@md5:0123456789abcdef0123456789abcdef|image"
            + " \"postgres@md5:0123456789abcdef0123456789abcdef\" has an invalid digest"
            + " \"md5:0123456789abcdef0123456789abcdef\"|write it as @sha256: followed by 64"
            + " lower-case hex digits",
        "-bad.io/app|image \"-bad.io/app\" has an invalid registry host \"-bad.io\"|NONE",
        "reg.io:99999/app|image \"reg.io:99999/app\" has an invalid registry port \"99999\"|NONE",
        "reg.io:/app|image \"reg.io:/app\" has an invalid registry port \"\"|NONE",
        "[zz]:5000/app|image \"[zz]:5000/app\" has an invalid registry \"[zz]:5000\"|NONE",
        "ghcr.io/|image \"ghcr.io/\" has no repository name|NONE",
        "post gres|image \"post gres\" contains whitespace|NONE",
        "''|image is empty|write it like \"postgres:16.4\"",
      })
  void rejects(String text, String message, String hint) {
    assertThat(ImageRef.parse(text)).isEqualTo(Parsed.invalid(message, hint));
  }

  @Test
  void rejectsOverlongNames() {
    String name = "a".repeat(256);
    assertThat(ImageRef.parse(name))
        .isEqualTo(Parsed.invalid("image name in \"" + name + "\" is longer than 255"));
    assertThat(ImageRef.parse("x:" + "t".repeat(129)).isOk()).isFalse();
    assertThat(ImageRef.parse("x:" + "t".repeat(128)).isOk()).isTrue();
  }

  @Test
  void tagAsVersion() {
    assertThat(ImageRef.parse("postgres:16.4").value().version().value().core())
        .containsExactly(16, 4);
    assertThat(ImageRef.parse("postgres").value().version().isOk()).isFalse();
  }
}
