package dev.trueup.model.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepoPathTest {

  @ParameterizedTest
  @CsvSource({
    "app.env.ftl,app.env.ftl",
    "templates/app.env.ftl,templates/app.env.ftl",
    "./templates/app.env.ftl,templates/app.env.ftl",
    "templates//x/../app.env.ftl,templates/app.env.ftl",
    "a/b/,a/b",
    "a/..b,a/..b"
  })
  void normalizes(String text, String normalized) {
    assertThat(RepoPath.parse(text)).isEqualTo(Parsed.ok(new RepoPath(normalized)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      value = {
        "/etc/passwd|path \"/etc/passwd\" is absolute; it must be relative to the repo|write it"
            + " relative to the repo root, e.g. \"etc/passwd\"",
        "../secrets.yaml|path \"../secrets.yaml\" leads outside the repo|NONE",
        "a/../../b|path \"a/../../b\" leads outside the repo|NONE",
        "templates\\app.ftl|path \"templates\\app.ftl\" contains a backslash|use '/' as the"
            + " separator, e.g. \"templates/app.ftl\"",
        "C:x|path \"C:x\" has a drive letter; it must be relative|NONE",
        ".|path \".\" names the repo root, not a file|NONE",
        "a/..|path \"a/..\" names the repo root, not a file|NONE",
        "''|path is empty|NONE",
      })
  void rejects(String text, String message, String hint) {
    assertThat(RepoPath.parse(text)).isEqualTo(Parsed.invalid(message, hint));
  }

  @Test
  void rejectsControlCharacters() {
    assertThat(RepoPath.parse("a\nb"))
        .isEqualTo(Parsed.invalid("path \"a\\x0ab\" contains a control character (newline)"));
  }

  @Test
  void constructorWantsNormalizedPaths() {
    assertThatThrownBy(() -> new RepoPath("./a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a normalized repo path: ./a");
    assertThat(new RepoPath("a/b.ftl").fileName()).isEqualTo("b.ftl");
    assertThat(new RepoPath("a")).hasToString("a").isLessThan(new RepoPath("b"));
  }

  @Test
  void resolvesRegularFilesInsideTheRepo(@TempDir Path dir) throws IOException {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path file =
        Files.writeString(Files.createDirectories(repo.resolve("templates")).resolve("a.ftl"), "x");
    Files.createSymbolicLink(repo.resolve("link.ftl"), Path.of("templates/a.ftl"));

    assertThat(RepoPath.resolveInside(repo, new RepoPath("templates/a.ftl")))
        .isEqualTo(Parsed.ok(file.toRealPath()));
    // A link that stays inside the repo is fine; the real target is returned.
    assertThat(RepoPath.resolveInside(repo, new RepoPath("link.ftl")))
        .isEqualTo(Parsed.ok(file.toRealPath()));
  }

  @Test
  void refusesLinksOutOfTheRepo(@TempDir Path dir) throws IOException {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path outside = Files.writeString(dir.resolve("secret.txt"), "s");
    Files.createSymbolicLink(repo.resolve("escape.ftl"), outside);
    Files.createSymbolicLink(repo.resolve("up"), dir);

    assertThat(RepoPath.resolveInside(repo, new RepoPath("escape.ftl")))
        .isEqualTo(
            Parsed.invalid(
                "\"escape.ftl\" is a symbolic link leading outside the repo",
                "copy the file into the repo instead of linking to it"));
    assertThat(RepoPath.resolveInside(repo, new RepoPath("up/secret.txt")).isOk()).isFalse();
  }

  @Test
  void refusesMissingFilesAndDirectories(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("templates"));
    assertThat(RepoPath.resolveInside(dir, new RepoPath("missing.ftl")))
        .isEqualTo(Parsed.invalid("\"missing.ftl\" does not exist in the repo"));
    assertThat(RepoPath.resolveInside(dir, new RepoPath("templates")))
        .isEqualTo(Parsed.invalid("\"templates\" is not a regular file"));
    Path gone = dir.resolve("gone");
    assertThat(RepoPath.resolveInside(gone, new RepoPath("a")))
        .isEqualTo(Parsed.invalid("repo root " + gone + " cannot be read"));
  }
}
