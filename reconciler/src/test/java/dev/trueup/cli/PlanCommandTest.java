package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.plan.Plan;
import dev.trueup.report.PlanJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `trueup plan` through picocli on a local sandbox node: formats, --out, exit codes. */
class PlanCommandTest {
  @TempDir Path repo;
  @TempDir Path sandbox;

  @BeforeEach
  void fleet() throws Exception {
    Files.createDirectories(repo.resolve("nodes"));
    Files.createDirectories(repo.resolve("templates"));
    Files.writeString(
        repo.resolve("fleet.yaml"), "fleet: cli\nenvironments: [development, production]\n");
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        """
        node: box
        environment: development
        connection: {driver: local, root: %s}
        files:
          /etc/box.conf: {content: "hello\\n", mode: "0644"}
        """
            .formatted(sandbox));
  }

  @Test
  void changesExitWithTwoAndTheSavedPlanReadsBack() throws Exception {
    Path saved = Files.createDirectories(repo.resolve("out")).resolve("plan.json");
    var r = CliRunner.run("plan", "--repo", repo.toString(), "--out", saved.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("plan saved to " + saved);
    assertThat(r.out()).contains("+ file /etc/box.conf").contains("1 to add");
    Plan plan = PlanJson.read(Files.readString(saved));
    assertThat(plan.desiredRevision()).startsWith("tree:");
    assertThat(plan.liveFingerprint()).isNotBlank();
    assertThat(plan.summary().add()).isEqualTo(1);
  }

  @Test
  void noChangesExitWithZero() throws Exception {
    Files.createDirectories(sandbox.resolve("etc"));
    Path conf = Files.writeString(sandbox.resolve("etc/box.conf"), "hello\n");
    Files.setPosixFilePermissions(
        conf, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    var r = CliRunner.run("plan", "--repo", repo.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("No changes.");
  }

  @Test
  void jsonAndMarkdownComeFromTheSamePlan() {
    var json = CliRunner.run("plan", "--repo", repo.toString(), "-o", "json");
    var md = CliRunner.run("plan", "--repo", repo.toString(), "-o", "markdown");
    assertThat(PlanJson.read(json.out()).summary().add()).isEqualTo(1);
    assertThat(md.out()).contains("/etc/box.conf");
    assertThat(json.exit()).isEqualTo(2);
    assertThat(md.exit()).isEqualTo(2);
  }

  @Test
  void anInvalidRepositoryPrintsDiagnosticsAndExitsWithOne() throws Exception {
    Files.writeString(repo.resolve("nodes/box.yaml"), "node: box\nenvironment: nowhere\n");
    var r = CliRunner.run("plan", "--repo", repo.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("nodes/box.yaml:2:14: error:");
  }

  @Test
  void reconcileDryRunIsPlan() {
    var r = CliRunner.run("reconcile", "--dry-run", "--repo", repo.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).contains("+ file /etc/box.conf");
    assertThat(CliRunner.run("reconcile", "--repo", repo.toString()).exit()).isEqualTo(1);
  }

  @Test
  void selectionByEnvironmentLeavesOtherNodesOut() {
    var r = CliRunner.run("plan", "--repo", repo.toString(), "--environment", "production");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).doesNotContain("box");
    assertThat(r.err()).contains("note: no node matches all of --environment production");
  }

  @Test
  void aKnownNodeOutsideTheSelectedEnvironmentIsNoErrorButSaid() {
    var r = CliRunner.run("plan", "--repo", repo.toString(), "-n", "box", "-e", "production");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("no node matches all of --node box --environment production");
  }

  @Test
  void aNameTheDesiredStateDoesNotHaveIsAnErrorWithADidYouMean() {
    var node = CliRunner.run("plan", "--repo", repo.toString(), "--node", "bx");
    assertThat(node.exit()).isEqualTo(1);
    assertThat(node.err()).isEqualTo("trueup plan: no node named 'bx' (did you mean 'box'?)\n");
    assertThat(node.out()).isEmpty();
    var env = CliRunner.run("plan", "--repo", repo.toString(), "-e", "prod", "-g", "web");
    assertThat(env.exit()).isEqualTo(1);
    assertThat(env.err())
        .contains("no environment named 'prod' (did you mean 'production'?)")
        .contains("no group named 'web'");
    var known = CliRunner.run("plan", "--repo", repo.toString(), "-n", "box", "-n", "nosuch");
    assertThat(known.exit()).as("one unknown name among known ones").isEqualTo(1);
    assertThat(known.err()).contains("no node named 'nosuch' (known: box)");
  }

  @Test
  void outIntoAMissingDirectoryIsRefusedBeforeAnythingIsObserved() {
    Path target = repo.resolve("nosuch/plan.json");
    var r = CliRunner.run("plan", "--repo", repo.toString(), "--out", target.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "trueup plan: cannot save the plan to "
                + target
                + ": directory "
                + target.getParent()
                + " does not exist\n");
    assertThat(r.out()).isEmpty();
    assertThat(target.getParent()).doesNotExist();
  }

  @Test
  void showPrintsASavedPlanInEveryFormatAsPlanDid(@TempDir Path outDir) throws Exception {
    Path saved = outDir.resolve("plan.json");
    var text = CliRunner.run("plan", "--repo", repo.toString(), "--out", saved.toString());
    var md = CliRunner.run("plan", "--repo", repo.toString(), "-o", "markdown");
    assertThat(CliRunner.run("show", saved.toString()).out()).isEqualTo(text.out());
    assertThat(CliRunner.run("show", saved.toString(), "-o", "json").out())
        .isEqualTo(Files.readString(saved));
    var shown = CliRunner.run("show", saved.toString(), "-o", "markdown");
    assertThat(shown.exit()).isZero();
    // The live fingerprint is the same: nothing changed between the two plans.
    assertThat(shown.out()).isEqualTo(md.out());
  }

  @Test
  void showRefusesWhatIsNotAPlan() throws Exception {
    Path yaml = Files.writeString(repo.resolve("not-a-plan.json"), "node: box\n");
    var r = CliRunner.run("show", yaml.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("trueup show: " + yaml + " is not a plan saved by");
  }

  /**
   * A template that would never finish, or never converge, stops at validation: exit 1 and a
   * diagnostic at the template's line, never a Java stack trace.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          includes itself   | <#include "box.conf.ftl">                                           | 1:1
          recursive macro   | <#macro m><@m/></#macro><@m/>                                       | 1:11
          no-output loop    | <#list 1..100000000 as i><#list 1..100000000 as j></#list></#list> | 1:26
          runaway output    | <#list 1..100000000 as i>line ${i}</#list>                          | 1:31
          the clock         | ${.now}                                                             | 1:1
          """)
  void aTemplateThatCannotFinishIsADiagnostic(String what, String template, String at)
      throws Exception {
    Files.writeString(repo.resolve("templates/box.conf.ftl"), template + "\n");
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        Files.readString(repo.resolve("nodes/box.yaml"))
            .replace("{content: \"hello\\n\", mode: \"0644\"}", "{template: box.conf.ftl}"));
    var r = CliRunner.run("plan", "--repo", repo.toString());
    assertThat(r.exit()).as(what).isEqualTo(1);
    assertThat(r.out())
        .as(what)
        .contains("templates/box.conf.ftl:" + at + ": error: for node box: ")
        .doesNotContain("Exception")
        .doesNotContain("Error:")
        .doesNotContain("\tat ");
    assertThat(r.err()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
