package dev.trueup.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.engine.Drivers;
import dev.trueup.testing.Golden;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Pull-request reviews end to end: a real Git repository with two branches, local sandbox nodes
 * observed for real, decisions by the base revision's policy, and the Markdown rendered from the
 * review JSON.
 */
class ReviewPipelineTest {
  private static final Path GOLDEN =
      ProjectRoot.module().resolve("src/test/resources/golden/review");

  @TempDir Path repo;
  @TempDir Path sandboxes;
  private ReviewFleet fleet;

  @BeforeEach
  void fleet() throws Exception {
    fleet = new ReviewFleet(repo, sandboxes);
  }

  @AfterEach
  void close() {
    fleet.close();
  }

  private Review review(String base, String head) {
    try (Revisions revisions = Revisions.materialize(repo.toString(), base, head)) {
      return new ReviewPipeline(new Validator(), Drivers::standard, 4)
          .run(revisions.base(), revisions.head());
    }
  }

  /** Commit ids (the repository holds temporary paths) and the live fingerprint, made stable. */
  private static String stable(Review review, String text) {
    JsonNode t = review.tree();
    return text.replace(t.get("base").get("commit").asString(), "<base-commit>")
        .replace(t.get("head").get("commit").asString(), "<head-commit>")
        .replace(t.get("base").get("short").asString(), "<base>")
        .replace(t.get("head").get("short").asString(), "<head>")
        .replaceAll("commit [0-9a-f]{7}\\b", "commit <id>")
        .replaceAll(
            "\"liveFingerprint\" : \"[0-9a-f]+\"", "\"liveFingerprint\" : \"<fingerprint>\"")
        .replaceAll("Live state `[0-9a-f]{12}`", "Live state `<fingerprint>`");
  }

  @Test
  void anEditedTemplateIsADesiredChangeThoughNoYamlMoved() throws Exception {
    fleet.branch("template");
    fleet.replace("templates/app.conf.ftl", "port=", "listen_port=");
    fleet.commit("fix: the key the app reads");

    Review review = review("main", "template");

    assertThat(review.tree().get("desiredChange").get("blastRadius").get("nodes").size())
        .as("every node renders the template")
        .isPositive();
    assertThat(review.tree().get("desiredChange").toString())
        .contains("template text")
        .doesNotContain("listen_port");
    assertThat(review.tree().get("decisions").get("autoApply").findValuesAsString("id"))
        .contains("/etc/app/app.conf");
  }

  @Test
  void aPullRequestMixingClassesIsReportedByWhatHappensOnMerge() throws Exception {
    // Already live on staging, outside trueup: the app on another port.
    Files.createDirectories(sandboxes.resolve("stage/etc/app"));
    Files.writeString(sandboxes.resolve("stage/etc/app/app.conf"), "port=7000\n");
    fleet.branch("change");
    fleet.replace("fleet.yaml", "vars: {port: 8000}", "vars: {port: 8080}");
    fleet.commit("fix: the app listens on 8080");
    fleet.append(
        "nodes/prod.yaml",
        "schedules:\n"
            + "  nightly-report: {cron: \"0 3 * * *\", timezone: UTC, command: /opt/report.sh}\n");
    fleet.commit("feat: a nightly report on production");

    Review review = review("main", "change");

    JsonNode d = review.tree().get("decisions");
    assertThat(d.get("autoApply").findValuesAsString("node")).contains("stage", "prod");
    assertThat(d.get("autoApply").findValuesAsString("class")).containsOnly("bugfix");
    assertThat(d.get("waitForApproval").findValuesAsString("id"))
        .contains("/etc/cron.d/trueup-nightly-report");
    assertThat(d.get("notifyOnly").findValuesAsString("node")).containsOnly("ledger");
    assertThat(d.get("notifyOnly").findValuesAsString("rule"))
        .containsOnly("policy rule billing-is-business");
    String markdown = ReviewMarkdown.render(review);
    assertThat(markdown)
        .startsWith(ReviewMarkdown.MARKER)
        .contains("-port=7000")
        .contains("+port=8080");
    assertThat(Files.exists(sandboxes.resolve("prod/etc/app/app.conf")))
        .as("a review never applies")
        .isFalse();
    Golden.assertMatches(GOLDEN.resolve("mixed.md"), stable(review, markdown));
    Golden.assertMatches(GOLDEN.resolve("mixed.json"), stable(review, review.json()));
  }

  @Test
  void anEnvironmentVariablePointedAtASecretShowsOnlyTheReference() throws Exception {
    fleet.append(
        "fleet.yaml",
        """
        secretProviders:
          files: {type: files, directory: %s}
        secrets:
          billing/api-key: {provider: files, key: api-key}
        """
            .formatted(sandboxes.resolve("secrets")));
    Files.createDirectories(sandboxes.resolve("secrets"));
    Files.writeString(sandboxes.resolve("secrets/api-key"), "s3cr3t-VALUE-42\n");
    fleet.write(
        "services/invoicer.yaml",
        """
        service: invoicer
        runtime: systemd
        systemd: {unit: invoicer.service, exec: /usr/local/bin/invoicer, user: app}
        env:
          LOG_LEVEL: info
        """);
    fleet.append("nodes/stage.yaml", "services:\n  invoicer: {}\n");
    fleet.commit("feat: the invoicer on staging");
    fleet.branch("leak");
    fleet.replace(
        "services/invoicer.yaml",
        "  LOG_LEVEL: info\n",
        "  LOG_LEVEL: info\n  API_KEY: {secret: billing/api-key}\n");
    fleet.commit("feat: print the api key");

    Review review = review("main", "leak");

    String markdown = ReviewMarkdown.render(review);
    assertThat(markdown).contains("{secret: billing/api-key}").doesNotContain("s3cr3t");
    assertThat(review.json()).contains("{secret: billing/api-key}").doesNotContain("s3cr3t");
    assertThat(review.tree().get("desiredChange").toString()).contains("env.API_KEY");
  }

  @Test
  void aPullRequestThatWidensPolicyIsJudgedByTheBasePolicy() throws Exception {
    fleet.branch("widen");
    fleet.write("policy.yaml", "matrix: {business: apply, minor: apply}\n");
    fleet.replace("fleet.yaml", "vars: {port: 8000}", "vars: {port: 9000}");
    fleet.commit("feat: ship everything at once");

    Review review = review("main", "widen");

    assertThat(review.tree().get("policy").get("changedByHead").asBoolean()).isTrue();
    JsonNode d = review.tree().get("decisions");
    assertThat(d.get("autoApply").findValuesAsString("node")).doesNotContain("ledger", "prod");
    assertThat(d.get("notifyOnly").findValuesAsString("node")).contains("ledger");
    assertThat(ReviewMarkdown.render(review)).contains("takes effect only after it is merged");
  }

  @Test
  void anInvalidHeadShowsItsDiagnosticsWithFileAndLine() throws Exception {
    fleet.branch("broken");
    fleet.append("nodes/prod.yaml", "alerts:\n  cpu_percent: {high: lots}\n");
    fleet.commit("fix: thresholds");

    Review review = review("main", "broken");

    assertThat(review.valid()).isFalse();
    assertThat(review.state()).isEqualTo("failure");
    assertThat(review.tree().get("plan").isNull()).isTrue();
    String markdown = ReviewMarkdown.render(review);
    assertThat(markdown)
        .contains("The head revision is invalid")
        .containsPattern("`nodes/prod.yaml:\\d+:\\d+`");
  }

  @Test
  void anUnknownRefIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> review("main", "no-such-branch"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-branch");
  }
}
