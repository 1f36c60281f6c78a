package dev.trueup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.ChangeClass;
import dev.trueup.model.Policy;
import dev.trueup.model.value.ImageRef;
import dev.trueup.model.value.Parsed;
import dev.trueup.render.ResourceKind;
import dev.trueup.testing.fixtures.Changes;
import dev.trueup.testing.fixtures.Policies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassifierTest {
  private static final Classifier DEFAULTS = new Classifier(Policy.defaults());
  private static final ChangeContext PROD = ChangeContext.of("production");

  static ImageBump bump(String from, String to) {
    return new ImageBump(image(from), image(to));
  }

  static ImageRef image(String text) {
    return ((Parsed.Ok<ImageRef>) ImageRef.parse(text)).value();
  }

  static Classification file(ChangeContext context) {
    return DEFAULTS.classify(Changes.file("aurora", "/etc/app.conf"), context);
  }

  @Test
  void anUnknownContentChangeIsMinor() {
    Classification c = file(PROD);
    assertThat(c.changeClass()).isEqualTo(ChangeClass.MINOR);
    assertThat(c.rule()).isEqualTo("built-in default (no rule classifies it)");
  }

  @ParameterizedTest
  @CsvSource({
    "postgres:16.3.1, postgres:16.3.2, BUGFIX, structural: image patch",
    "postgres:16.3, postgres:16.5.1, MINOR, structural: image minor",
    "postgres:16.3, postgres:17.0, MAJOR, structural: image major",
    "postgres:16.4, postgres:16.3, MAJOR, structural: image downgrade",
    "postgres:16-alpine, postgres:16-bookworm, MINOR, structural: image unknown",
    "postgres:16.3, example.org/pg:16.3, MAJOR, structural: image major",
  })
  void imageBumpsFollowSemver(String from, String to, ChangeClass expected, String rule) {
    Classification c = file(PROD.withImage(bump(from, to)));
    assertThat(c.changeClass()).isEqualTo(expected);
    assertThat(c.rule()).isEqualTo(rule);
  }

  @ParameterizedTest
  @CsvSource({
    "NODE_ADDED, ARCHITECTURE, structural: node added",
    "NODE_REMOVED, ARCHITECTURE, structural: node removed",
    "CONNECTION, ARCHITECTURE, structural: connection change",
    "ENVIRONMENT, ARCHITECTURE, structural: environment change",
    "PORTS, ARCHITECTURE, structural: port change",
    "VOLUMES, ARCHITECTURE, structural: volume change",
    "NETWORK, ARCHITECTURE, structural: network change",
    "SERVICE_ADDED, MAJOR, structural: service added",
    "SERVICE_REMOVED, MAJOR, structural: service removed",
    "SECRET_REFERENCE, MINOR, structural: secret reference change",
    "SERVICE_ENVIRONMENT, MINOR, structural: service environment change",
  })
  void structuralFloor(Structural fact, ChangeClass expected, String rule) {
    Classification c = file(PROD.with(fact));
    assertThat(c.changeClass()).isEqualTo(expected);
    assertThat(c.rule()).isEqualTo(rule);
  }

  @Test
  void schedulesAndThresholdsAreMinorByKind() {
    assertThat(
            DEFAULTS.classify(
                Changes.update("aurora", ResourceKind.SCHEDULE, "/etc/cron.d/trueup-backup"), PROD))
        .isEqualTo(
            new Classification(
                ChangeClass.MINOR,
                "structural: schedule change",
                "a schedule change is at least minor"));
    assertThat(
            DEFAULTS
                .classify(
                    Changes.update("aurora", ResourceKind.ALERT_RULES, "/etc/prom/trueup.yml"),
                    PROD)
                .rule())
        .isEqualTo("structural: alert threshold change");
  }

  @Test
  void aFixCommitMakesAnUnknownChangeABugfix() {
    Classification c =
        file(PROD.withCommits(new CommitMessage("3f2c9a1", "fix: workers back to 4\n")));
    assertThat(c.changeClass()).isEqualTo(ChangeClass.BUGFIX);
    assertThat(c.rule()).isEqualTo("commit 3f2c9a1: fix: workers back to 4");
  }

  @Test
  void commitsCannotLowerTheStructuralFloor() {
    Classification c =
        file(PROD.with(Structural.PORTS).withCommits(new CommitMessage("3f2c9a1", "fix: port")));
    assertThat(c.changeClass()).isEqualTo(ChangeClass.ARCHITECTURE);
    assertThat(c.rule()).isEqualTo("structural: port change");
  }

  @Test
  void theStrongestCommitWins() {
    Classification c =
        file(
            PROD.withCommits(
                new CommitMessage("aaaaaaa", "fix: one"),
                new CommitMessage("bbbbbbb", "feat!: drop the v1 API"),
                new CommitMessage("ccccccc", "feat: two")));
    assertThat(c.changeClass()).isEqualTo(ChangeClass.MAJOR);
    assertThat(c.rule()).isEqualTo("commit bbbbbbb: feat!: drop the v1 API");
  }

  @Test
  void aBreakingChangeFooterIsMajor() {
    Classification c =
        file(
            PROD.withCommits(
                new CommitMessage("ddddddd", "feat: new config\n\nBREAKING CHANGE: old keys go")));
    assertThat(c.changeClass()).isEqualTo(ChangeClass.MAJOR);
    assertThat(c.rule()).isEqualTo("commit ddddddd: BREAKING CHANGE");
  }

  @Test
  void aChangeClassTrailerNamesTheClass() {
    Classification c =
        file(
            PROD.withCommits(
                new CommitMessage("eeeeeee", "chore: prices\n\nChange-Class: business\n")));
    assertThat(c.changeClass()).isEqualTo(ChangeClass.BUSINESS);
    assertThat(c.rule()).isEqualTo("commit eeeeeee: Change-Class: business");
  }

  @Test
  void liveDriftIgnoresCommits() {
    Classification c =
        file(
            PROD.withOrigin(Origin.LIVE_DRIFT)
                .withCommits(new CommitMessage("3f2c9a1", "fix: workers")));
    assertThat(c).isEqualTo(Classifier.UNKNOWN);
  }

  @Test
  void firstMatchingClassRuleWinsAmongRules() {
    Classifier classifier =
        new Classifier(
            Policies.policy()
                .verdictRule("verdict-only", dev.trueup.model.Verdict.APPLY, "service", "*")
                .classRule("billing-major", ChangeClass.MAJOR, "service", "billing*")
                .classRule("billing-is-business", ChangeClass.BUSINESS, "service", "billing")
                .build());
    Classification c =
        classifier.classify(
            Changes.file("aurora", "/etc/billing.conf"), PROD.withService("billing"));
    assertThat(c.changeClass()).isEqualTo(ChangeClass.MAJOR);
    assertThat(c.rule()).isEqualTo("policy rule billing-major");
  }

  @Test
  void aRuleOnlyRaisesTheClass() {
    Classifier classifier =
        new Classifier(
            Policies.policy().classRule("all-bugfix", ChangeClass.BUGFIX, "node", "*").build());
    Classification c =
        classifier.classify(Changes.file("aurora", "/etc/a"), PROD.with(Structural.VOLUMES));
    assertThat(c.changeClass()).isEqualTo(ChangeClass.ARCHITECTURE);
    assertThat(c.rule()).isEqualTo("structural: volume change");
  }

  @Test
  void tiesKeepTheStructuralRule() {
    Classifier classifier =
        new Classifier(
            Policies.policy().classRule("ops-minor", ChangeClass.MINOR, "node", "*").build());
    assertThat(
            classifier
                .classify(
                    Changes.update("aurora", ResourceKind.SCHEDULE, "/etc/cron.d/trueup-x"), PROD)
                .rule())
        .isEqualTo("structural: schedule change");
  }

  @ParameterizedTest
  @CsvSource({
    "node, auro*, true",
    "node, web*, false",
    "group, lead, true",
    "group, data, false",
    "environment, prod*, true",
    "environment, staging, false",
    "service, chat-*, true",
    "kind, file, true",
    "kind, schedule, false",
    "secret, db/*, true",
    "secret, ssh/*, false",
  })
  void ruleMatchKeys(String key, String glob, boolean matches) {
    Classifier classifier =
        new Classifier(Policies.policy().classRule("r", ChangeClass.BUSINESS, key, glob).build());
    ChangeContext context =
        PROD.withGroups("lead", "ops").withService("chat-backend").withSecretRefs("db/password");
    Classification c = classifier.classify(Changes.file("aurora", "/etc/app.env"), context);
    assertThat(c.changeClass() == ChangeClass.BUSINESS).isEqualTo(matches);
  }

  @Test
  void aServiceGlobNeverMatchesAChangeWithoutAService() {
    Classifier classifier =
        new Classifier(
            Policies.policy().classRule("r", ChangeClass.BUSINESS, "service", "*").build());
    assertThat(classifier.classify(Changes.file("aurora", "/etc/x"), PROD).changeClass())
        .isEqualTo(ChangeClass.MINOR);
  }
}
