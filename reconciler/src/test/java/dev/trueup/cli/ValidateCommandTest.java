package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.testing.Golden;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.TreeCopy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `trueup validate` end to end through picocli, output compared with golden files. */
class ValidateCommandTest {
  private static final Path GOLDEN =
      ProjectRoot.module().resolve("src/test/resources/golden/validate");
  private static final Path CORPUS = ProjectRoot.module().resolve("src/test/resources/corpus");

  static CliRunner.Run run(String... args) {
    return CliRunner.run(args);
  }

  /** A repository with several problems of several kinds, in several files. */
  static Path brokenRepo(Path dir) throws Exception {
    TreeCopy.copy(CORPUS.resolve("base"), dir);
    Path node = dir.resolve("nodes/alpha.yaml");
    Files.writeString(
        node,
        Files.readString(node)
            .replace("environment: production", "environment: prodution")
            .replace("cron: \"0 2 * * 0\"", "cron: \"0 24 * * 0\"")
            .replace("mode: \"0640\"", "mode: 0640")
            .replace("  cache: {}", "  cahce: {}"));
    Files.writeString(
        dir.resolve("services/web.yaml"),
        Files.readString(dir.resolve("services/web.yaml")).replace("image:", "imgae:"));
    Files.writeString(dir.resolve("nodes/gamma.yaml"), "node: gamma\nnode: delta\n");
    return dir;
  }

  @Test
  void exampleFleetIsValid() {
    CliRunner.Run r = run("validate", "--repo", ProjectRoot.resolve("desired-state").toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("valid: ").contains("6 nodes");
  }

  @Test
  void textOutputListsEveryProblemCompilerStyle(@TempDir Path dir) throws Exception {
    CliRunner.Run r = run("validate", "--repo", brokenRepo(dir).toString());
    assertThat(r.exit()).isEqualTo(1);
    Golden.assertMatches(GOLDEN.resolve("broken.txt"), r.out().replace(dir.toString(), "REPO"));
  }

  @Test
  void valuesQuotedFromTheRepositoryAreShownEscaped(@TempDir Path dir) throws Exception {
    TreeCopy.copy(CORPUS.resolve("base"), dir);
    Path node = dir.resolve("nodes/alpha.yaml");
    Files.writeString(
        node,
        Files.readString(node)
                .replace("  cache: {}", "  \"cache\\e[2J\": {}")
                .replace("owner: root,", "owner: \"root\\nExecStartPre=+/bin/sh\",")
            + "  \"/etc/x\\e[31m\": {content: \"x\"}\n"
            + "  /\u0435tc/motd: {content: \"x\"}\n"
            + "  \"/etc/\\u202Egnp.sh\": {content: \"x\"}\n");
    CliRunner.Run r = run("validate", "--repo", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    String out = r.out().replace(dir.toString(), "REPO");
    Golden.assertMatches(GOLDEN.resolve("hostile.txt"), out);
    assertThat(out).doesNotContain("\u001b").doesNotContain("\u202e").doesNotContain("\nExec");
  }

  @Test
  void jsonOutputCarriesTheSameDiagnostics(@TempDir Path dir) throws Exception {
    CliRunner.Run r = run("validate", "--repo", brokenRepo(dir).toString(), "--output", "json");
    assertThat(r.exit()).isEqualTo(1);
    Golden.assertMatches(GOLDEN.resolve("broken.json"), r.out());
  }

  @Test
  void missingRepositoryIsAnErrorNotACrash(@TempDir Path dir) {
    CliRunner.Run r = run("validate", "--repo", dir.resolve("nope").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("does not exist").contains("invalid: 1 error");
  }

  @Test
  void missingRepositoryIsNamedOnceAsTheUserWroteIt(@TempDir Path dir) {
    String nope = dir.resolve("nosuchdir").toString();
    CliRunner.Run r = run("validate", "--repo", nope);
    assertThat(r.out())
        .startsWith(nope + ": error: repository directory " + nope + " does not exist")
        .doesNotContain(nope + "/" + nope);
  }

  @Test
  void fileCountIncludesFilesThatDidNotParse(@TempDir Path dir) throws Exception {
    TreeCopy.copy(CORPUS.resolve("base"), dir);
    int before;
    try (var files = Files.walk(dir)) {
      before = (int) files.filter(f -> f.toString().endsWith(".yaml")).count();
    }
    Files.writeString(dir.resolve("nodes/zeta.yaml"), "node: zeta\n  bad: [\n");
    CliRunner.Run r = run("validate", "--repo", dir.toString());
    assertThat(r.out()).contains("invalid: 1 error in " + (before + 1) + " files");
  }

  @Test
  void deeplyNestedYamlInAFieldIsOneErrorAtItsPlace(@TempDir Path dir) throws Exception {
    TreeCopy.copy(CORPUS.resolve("base"), dir);
    Path node = dir.resolve("nodes/alpha.yaml");
    Files.writeString(
        node, Files.readString(node) + "labels: " + "[".repeat(1000) + "]".repeat(1000) + "\n");
    int line = (int) Files.readString(node).lines().count();
    CliRunner.Run r = run("validate", "--repo", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    // The node file's map is level 1 and labels' list level 2 (column 9): level 65 is column 72,
    // the 63rd item down.
    assertThat(r.out())
        .contains(
            dir
                + "/nodes/alpha.yaml:"
                + line
                + ":72: error: nested deeper than 64 levels (labels"
                + "[0]".repeat(63)
                + ") [yaml.too-deep]")
        .contains("invalid: 1 error in");
  }

  @Test
  void directoryWithoutFleetFileSaysSo(@TempDir Path dir) {
    CliRunner.Run r = run("validate", "--repo", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("fleet.yaml not found");
  }

  @Test
  void usageErrorsExitWithOneNeverTwoWhichMeansChanges() {
    assertThat(run("validate", "--output", "yaml").exit()).isEqualTo(1);
    assertThat(run("validate", "--no-such-flag").exit()).isEqualTo(1);
    assertThat(run("plan", "--no-such-flag").exit()).isEqualTo(1);
    assertThat(run("drift", "--no-such-flag").exit()).isEqualTo(1);
    assertThat(run("nosuch").exit()).isEqualTo(1);
  }

  @Test
  void helpAndVersionWorkEverywhere() {
    assertThat(run("--help").out()).contains("validate");
    assertThat(run("validate", "--help").out()).contains("--repo").contains("Exit codes");
    assertThat(run("--version").out()).startsWith("trueup ");
    assertThat(run("validate", "--version").out()).startsWith("trueup ");
  }
}
