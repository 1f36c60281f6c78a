package dev.trueup.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.AlertLevel;
import dev.trueup.model.Connection;
import dev.trueup.model.DesiredState;
import dev.trueup.model.EnvValue;
import dev.trueup.model.FileContent;
import dev.trueup.model.Node;
import dev.trueup.model.Verdict;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.validate.Validator;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inheritance and binding on the small corpus fleet and on the example fleet. */
class ResolverTest {
  private static DesiredState corpus;
  private static DesiredState example;

  @BeforeAll
  static void resolve() {
    Path base = ProjectRoot.module().resolve("src/test/resources/corpus/base");
    corpus = new Validator().validate(base).state().orElseThrow();
    example = new Validator().validate(ProjectRoot.resolve("desired-state")).state().orElseThrow();
  }

  @Test
  void fleetDefaultsReachEveryNode() {
    assertThat(corpus.nodes().get("alpha").schedules()).containsKey("daily-health-check");
    assertThat(corpus.nodes().get("beta").schedules()).containsKey("daily-health-check");
    assertThat(corpus.nodes().get("alpha").alerts().get("cpu_percent").levels())
        .containsEntry(AlertLevel.HIGH, 80.0)
        .containsEntry(AlertLevel.CRITICAL, 95.0);
  }

  @Test
  void environmentDefaultsOverrideFleetDefaultsAndRememberWhere() {
    var cpu = corpus.nodes().get("beta").alerts().get("cpu_percent");
    assertThat(cpu.levels()).containsEntry(AlertLevel.HIGH, 90.0);
    assertThat(cpu.origins().of("high").toString()).startsWith("fleet.yaml:17:");
    // `for` was only set by the fleet defaults and survives the deep merge.
    assertThat(cpu.forDuration()).hasValueSatisfying(d -> assertThat(d.toMinutes()).isEqualTo(5));
  }

  @Test
  void groupDefaultsAndSecretsApplyToMembersOnly() {
    Node alpha = corpus.nodes().get("alpha");
    Node beta = corpus.nodes().get("beta");
    assertThat(alpha.directories()).containsKey("/opt/maint");
    assertThat(beta.directories()).doesNotContainKey("/opt/maint");
    assertThat(alpha.secrets().get("app/db-password").key()).isEqualTo("OPS_DB_PASSWORD");
    assertThat(alpha.secrets().get("app/db-password").scope()).isEqualTo("group ops");
    assertThat(beta.secrets().get("app/db-password").key()).isEqualTo("DB_PASSWORD");
  }

  @Test
  void servicesMergeDefinitionEnvironmentAndNode() {
    var web = corpus.nodes().get("alpha").services().get("web");
    assertThat(web.image().orElseThrow().tag()).isEqualTo("1.4.2");
    assertThat(web.env().get("DB_PASSWORD")).isInstanceOf(EnvValue.Secret.class);
    assertThat(web.env().get("DB_PASSWORD").display()).isEqualTo("{secret: app/db-password}");
    assertThat(web.origins().of("image").toString()).startsWith("services/web.yaml:3:");
  }

  @Test
  void connectionsAndFilesAreBound() {
    Node alpha = corpus.nodes().get("alpha");
    assertThat(alpha.connection()).isInstanceOf(Connection.Ssh.class);
    assertThat(((Connection.Ssh) alpha.connection()).sudo()).isTrue();
    assertThat(alpha.files().get("/etc/app/app.env").content())
        .isInstanceOf(FileContent.Template.class);
    assertThat(alpha.files().get("/etc/app/app.env").mode().orElseThrow().octal())
        .isEqualTo("0640");
    Node beta = corpus.nodes().get("beta");
    assertThat(((Connection.Local) beta.connection()).root()).contains("/tmp/trueup-test-sandbox");
  }

  @Test
  void policyReadsTheMatrixAndRules() {
    assertThat(corpus.policy().verdictFor(dev.trueup.model.ChangeClass.BUSINESS))
        .isEqualTo(Verdict.NOTIFY);
    assertThat(corpus.policy().rules())
        .extracting(r -> r.name())
        .containsExactly("billing-is-business");
    assertThat(corpus.promotionOrder("development"))
        .isLessThan(corpus.promotionOrder("production"));
  }

  @Test
  void oneCompanyHasItsOwnHubspotKey() {
    assertThat(example.nodes().get("robbiebook1").secrets().get("hubspot/api-key").key())
        .isEqualTo("HUBSPOT_API_KEY_TOWN_FOODS");
    assertThat(example.nodes().get("aurora").secrets().get("hubspot/api-key").key())
        .isEqualTo("HUBSPOT_API_KEY");
  }

  @Test
  void exampleFleetHasTheSeedsMaintenanceSchedules() {
    Node aurora = example.nodes().get("aurora");
    assertThat(aurora.environment()).isEqualTo("production");
    assertThat(aurora.schedules().keySet())
        .contains(
            "daily-health-check",
            "daily-log-rotation",
            "daily-security-updates",
            "hourly-cache-cleanup");
    assertThat(aurora.alerts()).containsKeys("cpu_percent", "memory_percent", "disk_percent");
    assertThat(example.nodes()).containsKeys("aurora", "runpod-tx", "vengeance", "robbiebook1");
  }

  @Test
  void resolutionIsDeterministic() {
    Path base = ProjectRoot.module().resolve("src/test/resources/corpus/base");
    assertThat(new Validator().validate(base).state()).contains(corpus);
  }
}
