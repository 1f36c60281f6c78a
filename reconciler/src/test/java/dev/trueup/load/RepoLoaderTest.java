package dev.trueup.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.diagnostic.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoLoaderTest {
  private final RepoLoader loader = new RepoLoader();

  private static String line(Diagnostic d) {
    return d.location() + " " + d.code() + " " + d.message();
  }

  private static Path repo(Path dir) throws Exception {
    Files.writeString(dir.resolve("fleet.yaml"), "fleet: f\nenvironments: [production]\n");
    Files.createDirectories(dir.resolve("nodes"));
    Files.writeString(dir.resolve("nodes/a.yaml"), "node: a\n");
    return dir;
  }

  @Test
  void findsDocumentsByConvention(@TempDir Path dir) throws Exception {
    LoadedRepo loaded = loader.load(repo(dir));
    assertThat(loaded.diagnostics()).isEmpty();
    assertThat(loaded.documents())
        .extracting(RepoDocument::file)
        .containsExactlyInAnyOrder("fleet.yaml", "nodes/a.yaml");
    assertThat(loaded.of(DocumentKind.NODE).get(0).stem()).isEqualTo("a");
  }

  @Test
  void symlinkOutOfTheRepositoryIsRefused(@TempDir Path dir, @TempDir Path outside)
      throws Exception {
    Path secret = Files.writeString(outside.resolve("secret.yaml"), "node: b\n");
    Files.createSymbolicLink(repo(dir).resolve("nodes/b.yaml"), secret);
    LoadedRepo loaded = loader.load(dir);
    assertThat(loaded.diagnostics())
        .extracting(RepoLoaderTest::line)
        .containsExactly(
            "nodes/b.yaml repo.outside nodes/b.yaml is a symbolic link to a file outside the"
                + " repository");
    assertThat(loaded.documents()).extracting(RepoDocument::file).doesNotContain("nodes/b.yaml");
  }

  @Test
  void symlinkInsideTheRepositoryIsFollowed(@TempDir Path dir) throws Exception {
    repo(dir);
    Files.createSymbolicLink(dir.resolve("nodes/c.yaml"), dir.resolve("nodes/a.yaml"));
    assertThat(loader.load(dir).diagnostics()).isEmpty();
  }

  @Test
  void ymlExtensionIsReportedNotIgnored(@TempDir Path dir) throws Exception {
    Files.writeString(repo(dir).resolve("nodes/b.yml"), "node: b\n");
    assertThat(loader.load(dir).diagnostics())
        .extracting(RepoLoaderTest::line)
        .containsExactly("nodes/b.yml repo.yml-extension nodes/b.yml is not read");
  }

  @Test
  void subdirectoriesAreWarnedAbout(@TempDir Path dir) throws Exception {
    Files.createDirectories(repo(dir).resolve("nodes/old"));
    assertThat(loader.load(dir).diagnostics())
        .singleElement()
        .satisfies(d -> assertThat(d.isError()).isFalse())
        .extracting(Diagnostic::code)
        .isEqualTo("repo.unexpected-file");
  }

  @Test
  void missingFleetFileIsAnError(@TempDir Path dir) {
    assertThat(loader.load(dir).diagnostics())
        .extracting(RepoLoaderTest::line)
        .containsExactly("fleet.yaml repo.no-fleet fleet.yaml not found at the repository root");
  }

  @Test
  void everyBrokenFileIsReportedInOnePass(@TempDir Path dir) throws Exception {
    repo(dir);
    Files.writeString(dir.resolve("nodes/b.yaml"), "");
    Files.write(dir.resolve("nodes/c.yaml"), new byte[] {'a', ':', ' ', (byte) 0xC3});
    Files.writeString(dir.resolve("nodes/d.yaml"), "a: 1\na: 2\n");
    assertThat(loader.load(dir).diagnostics())
        .extracting(Diagnostic::code)
        .containsExactlyInAnyOrder("yaml.empty", "yaml.not-utf8", "yaml.duplicate-key");
  }
}
