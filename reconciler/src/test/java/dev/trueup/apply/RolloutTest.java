package dev.trueup.apply;

import static dev.trueup.driver.host.Fixtures.desired;
import static dev.trueup.driver.host.Fixtures.file;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.apply.NodeApplyResult.Outcome;
import dev.trueup.apply.Rollout.FailureThreshold;
import dev.trueup.apply.Rollout.NodeTask;
import dev.trueup.backend.Differ;
import dev.trueup.backend.Renderer;
import dev.trueup.driver.host.ApplySettings;
import dev.trueup.driver.host.Fixtures;
import dev.trueup.driver.local.LocalApplier;
import dev.trueup.driver.local.LocalObserver;
import dev.trueup.model.Node;
import dev.trueup.render.DesiredNode;
import dev.trueup.testing.TestNodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollouts over local sandbox nodes: isolation per node and the failure threshold. */
class RolloutTest {
  @TempDir Path sandboxes;
  private final LocalObserver observer = new LocalObserver();
  private final InMemoryJournal journal = new InMemoryJournal();

  private Node node(String name, boolean healthy) {
    Node n = TestNodes.local(name, Optional.of(sandboxes.resolve(name).toString()));
    return healthy ? n : Fixtures.withCommandCheck(n, "exit 1");
  }

  private NodeTask task(Node node) {
    DesiredNode d =
        desired(node.name(), file("/etc/app.conf", "node=" + node.name() + "\n", "0644", null));
    return new NodeTask(node, d, Differ.diff(d, observer.observe(node, Renderer.request(d))));
  }

  private Rollout.Result roll(int parallelism, FailureThreshold threshold, List<Node> nodes) {
    List<NodeTask> tasks = new ArrayList<>();
    nodes.forEach(n -> tasks.add(task(n)));
    return new Rollout(parallelism, threshold)
        .run(tasks, n -> new LocalApplier(observer, ApplySettings.defaults()), journal);
  }

  @Test
  void oneNodeFailingLeavesTheOthersApplied() {
    Rollout.Result result =
        roll(
            4,
            FailureThreshold.none(),
            List.of(node("a", true), node("b", false), node("c", true)));
    assertThat(result.nodes())
        .extracting(r -> r.node() + " " + r.outcome())
        .containsExactly("a APPLIED", "b ROLLED_BACK", "c APPLIED");
    assertThat(sandboxes.resolve("a/etc/app.conf")).hasContent("node=a");
    assertThat(sandboxes.resolve("b/etc/app.conf")).doesNotExist();
    assertThat(sandboxes.resolve("c/etc/app.conf")).hasContent("node=c");
    assertThat(result.stopped()).isEmpty();
  }

  @Test
  void aNodeWhoseDriverThrowsFailsAloneAndSaysOnlyWhatKindOfError() {
    Node a = node("a", true);
    Node b = node("b", true);
    Rollout.Result result =
        new Rollout(2, FailureThreshold.none())
            .run(
                List.of(task(a), task(b)),
                n ->
                    n.name().equals("b")
                        ? new NodeApplier() {
                          @Override
                          public NodeApplyResult apply(
                              Node node,
                              dev.trueup.render.DesiredNode desired,
                              List<dev.trueup.diff.Change> changes,
                              ApplyJournal j) {
                            throw new IllegalStateException("secret=hunter2");
                          }

                          @Override
                          public List<HealthAnswer> healthNow(Node node) {
                            return List.of();
                          }
                        }
                        : new LocalApplier(observer, ApplySettings.defaults()),
                journal);
    assertThat(result.nodes())
        .extracting(r -> r.node() + " " + r.outcome() + " " + r.reason().orElse(""))
        .containsExactly("a APPLIED ", "b FAILED apply failed: IllegalStateException");
  }

  @Test
  void theRolloutStopsStartingNodesOnceTheThresholdIsCrossed() {
    Rollout.Result result =
        roll(
            1,
            new FailureThreshold(1, 1.0),
            List.of(
                node("a", false),
                node("b", true),
                node("c", false),
                node("d", true),
                node("e", true)));
    assertThat(result.nodes())
        .extracting(r -> r.node() + " " + r.outcome())
        .containsExactly("a ROLLED_BACK", "b APPLIED", "c ROLLED_BACK", "d SKIPPED", "e SKIPPED");
    assertThat(result.stopped()).hasValue("2 of 5 nodes failed: failure threshold crossed");
    assertThat(sandboxes.resolve("d/etc/app.conf")).doesNotExist();
    assertThat(journal.entries())
        .extracting(InMemoryJournal.Entry::node)
        .doesNotContainAnyElementsOf(Set.of("d", "e"));
  }

  @Test
  void aFractionThresholdCountsAgainstAllNodes() {
    assertThat(new FailureThreshold(100, 0.25).crossed(1, 4)).isFalse();
    assertThat(new FailureThreshold(100, 0.25).crossed(2, 4)).isTrue();
    assertThat(new FailureThreshold(0, 1.0).crossed(1, 4)).isTrue();
    assertThat(FailureThreshold.none().crossed(4, 4)).isFalse();
  }

  @Test
  void theSameRevisionAppliedTwiceDoesNothingTheSecondTime() {
    List<Node> nodes = List.of(node("a", true), node("b", true));
    assertThat(roll(2, FailureThreshold.none(), nodes).nodes())
        .allMatch(r -> r.outcome() == Outcome.APPLIED);
    int entries = journal.entries().size();
    assertThat(roll(2, FailureThreshold.none(), nodes).nodes())
        .allMatch(r -> r.outcome() == Outcome.NO_CHANGES);
    assertThat(journal.entries()).hasSize(entries);
  }
}
