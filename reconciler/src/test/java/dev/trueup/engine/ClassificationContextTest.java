package dev.trueup.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.ChangeClass;
import dev.trueup.plan.NodePlan;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Selection;
import dev.trueup.policy.ChangeKey;
import dev.trueup.policy.Classification;
import dev.trueup.policy.PromotionState;
import dev.trueup.render.ResourceKind;
import dev.trueup.store.Store;
import dev.trueup.testing.Commits;
import dev.trueup.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a change on a node that was applied before is classified by, whatever the fleet's directory
 * is: the top of a Git repository, a subdirectory of one (the README's {@code --repo
 * desired-state}), or a plain directory outside Git. The node is never "added" again once applied,
 * and a subdirectory's commits are read from its repository's history.
 */
class ClassificationContextTest {
  @TempDir Path top;
  @TempDir Path sandbox;
  @TempDir Path storeDir;
  private Store store;

  @BeforeEach
  void openStore() {
    store = Store.openEmbedded(storeDir);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private void fleet(Path dir, String motd) throws Exception {
    Files.createDirectories(dir.resolve("nodes"));
    Files.writeString(
        dir.resolve("fleet.yaml"), "fleet: tour\nenvironments: [development, production]\n");
    Files.writeString(
        dir.resolve("nodes/sandbox.yaml"),
        """
        node: sandbox
        environment: development
        connection: {driver: local, root: %s}
        files:
          /etc/motd: {content: "%s\\n", mode: "0644"}
        """
            .formatted(sandbox, motd));
  }

  private void editMotd(Path dir, String motd) throws Exception {
    Path node = dir.resolve("nodes/sandbox.yaml");
    Files.writeString(
        node,
        Files.readString(node).replaceAll("content: \"[^\"]*\"", "content: \"" + motd + "\""));
  }

  private ApplyRun apply(Path dir) {
    return new ApplyPipeline(new Validator(), Drivers::standard, store, Progress.NONE)
        .run(dir, ApplyPipeline.Options.everything(2));
  }

  private Plan plan(Path dir, DecisionHistory history) {
    PlanRun run =
        new PlanPipeline(new Validator(), Drivers::standard, 2, Progress.NONE, history)
            .run(dir, Selection.all());
    assertThat(run.validation().valid()).as("%s", run.validation()).isTrue();
    return run.plan().orElseThrow();
  }

  private static Classification motd(Plan plan) {
    NodePlan node = plan.nodes().get(0);
    assertThat(node.changes()).extracting(c -> c.id()).containsExactly("/etc/motd");
    return node.decisions().get(0).classification();
  }

  @Test
  void aFixCommitInTheReadmesTourShapeIsABugFixByItsCommit() throws Exception {
    Path fleet = top.resolve("desired-state");
    try (Git git = Git.init().setDirectory(top.toFile()).setInitialBranch("main").call()) {
      Files.writeString(top.resolve("README.md"), "the fleet is in desired-state/\n");
      fleet(fleet, "hello");
      String first = Commits.all(git, "feat: the tour fleet");
      ApplyRun applied = apply(fleet);
      assertThat(applied.failed()).as("%s", applied).isFalse();
      assertThat(store.appliedRevisions().get("sandbox").orElseThrow().desiredRevision())
          .as("a clean subdirectory is named by its repository's commit")
          .isEqualTo(first);

      editMotd(fleet, "hello, world");
      String fix = Commits.all(git, "fix: the greeting says whom it greets");
      Files.writeString(top.resolve("README.md"), "an edit outside the fleet\n");

      Plan plan = plan(fleet, new StoreHistory(store));
      assertThat(plan.desiredRevision()).isEqualTo(fix);
      Classification c = motd(plan);
      assertThat(c.changeClass()).as("%s", c).isEqualTo(ChangeClass.BUGFIX);
      assertThat(c.rule())
          .isEqualTo("commit " + fix.substring(0, 7) + ": fix: the greeting says whom it greets");
    }
  }

  @Test
  void aPlainDirectoryComparesAgainstWhatWasApplied() throws Exception {
    fleet(top, "hello");
    ApplyRun applied = apply(top);
    assertThat(applied.failed()).as("%s", applied).isFalse();
    assertThat(store.appliedRevisions().get("sandbox").orElseThrow().desiredRevision())
        .startsWith("tree:");

    editMotd(top, "hello, world");
    Classification c = motd(plan(top, new StoreHistory(store)));
    assertThat(c.changeClass())
        .as("an edit on an applied node is not a node added: %s", c)
        .isEqualTo(ChangeClass.MINOR);
    assertThat(c.rule()).isEqualTo("built-in default (no rule classifies it)");
  }

  @Test
  void aLastAppliedRevisionThisHistoryDoesNotKnowLendsNoCommitMessages() throws Exception {
    try (Git git = Git.init().setDirectory(top.toFile()).setInitialBranch("main").call()) {
      fleet(top, "hello");
      Commits.all(git, "fix: an old fix that must not speak for later edits");
      editMotd(top, "hello, world");
      Commits.all(git, "docs: nothing a class follows from");
      for (String elsewhere : new String[] {"0123456789abcdef0123456789abcdef01234567", "tree:1"}) {
        Classification c = motd(plan(top, appliedAt(elsewhere)));
        assertThat(c.changeClass()).as("%s: %s", elsewhere, c).isEqualTo(ChangeClass.MINOR);
        assertThat(c.rule()).isEqualTo("built-in default (no rule classifies it)");
      }
    }
  }

  /** A fleet applied before at {@code revision}, with no outcome that matches today's resources. */
  private static DecisionHistory appliedAt(String revision) {
    return new DecisionHistory() {
      @Override
      public boolean hasHistory() {
        return true;
      }

      @Override
      public Optional<String> lastAppliedRevision(String node) {
        return Optional.of(revision);
      }

      @Override
      public boolean applied(ChangeKey key) {
        return false;
      }

      @Override
      public boolean appliedAny(String node, ResourceKind kind, String id) {
        return true;
      }

      @Override
      public PromotionState promotion(dev.trueup.model.DesiredState state) {
        return PromotionState.none();
      }

      @Override
      public Set<ChangeKey> approvals() {
        return Set.of();
      }
    };
  }

  @Test
  void aNodeAddedToAnAppliedFleetStaysAddedUntilAppliedButOneThatMissedTheFirstRunIsNot(
      @TempDir Path late, @TempDir Path away) throws Exception {
    fleet(top, "hello");
    // "away" is in the fleet from the first run but cannot be reached then (its root is a file).
    Path awayRoot = away.resolve("root");
    Files.writeString(
        top.resolve("nodes/away.yaml"),
        """
        node: away
        environment: production
        connection: {driver: local, root: %s}
        files:
          /etc/motd: {content: "hi\\n", mode: "0644"}
        """
            .formatted(awayRoot));
    Files.writeString(awayRoot, "not a directory");
    ApplyRun first = apply(top);
    assertThat(store.appliedRevisions().get("sandbox")).isPresent();
    assertThat(store.appliedRevisions().get("away")).isEmpty();

    // "late" joins the fleet after it was applied: its first changes add a node.
    Files.writeString(
        top.resolve("nodes/late.yaml"),
        """
        node: late
        environment: production
        connection: {driver: local, root: %s}
        files:
          /etc/motd: {content: "hi\\n", mode: "0644"}
        """
            .formatted(late));
    for (int run = 0; run < 2; run++) {
      Plan plan = plan(top, new StoreHistory(store));
      NodePlan lateNode =
          plan.nodes().stream().filter(n -> n.node().equals("late")).findFirst().orElseThrow();
      assertThat(lateNode.decisions().get(0).classification().changeClass())
          .as("run %d: a node that joined later is added until it is applied", run)
          .isEqualTo(ChangeClass.ARCHITECTURE);
      apply(top); // held for approval: still not applied
    }
    Files.delete(awayRoot);
    Plan plan = plan(top, new StoreHistory(store));
    NodePlan awayNode =
        plan.nodes().stream().filter(n -> n.node().equals("away")).findFirst().orElseThrow();
    assertThat(awayNode.decisions().get(0).classification().changeClass())
        .as("a node that missed the first run is no node added")
        .isNotEqualTo(ChangeClass.ARCHITECTURE);
    assertThat(first).isNotNull();
  }
}
