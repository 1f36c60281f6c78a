package dev.trueup.driver.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.live.LiveEntry;
import dev.trueup.live.Reachability;
import dev.trueup.model.Node;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.NodeObserver;
import dev.trueup.observe.NodeObserverContract;
import dev.trueup.observe.ObservationRequest;
import dev.trueup.testing.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local driver confined to a temporary root: the node's "/" is that directory. */
class LocalObserverTest extends NodeObserverContract {

  @TempDir Path root;
  private final LocalObserver observer = new LocalObserver();

  @Override
  protected NodeObserver observer() {
    return observer;
  }

  @Override
  protected Node node() {
    return TestNodes.local("sandbox", Optional.of(root.toString()));
  }

  @Override
  protected Path tree() {
    return root;
  }

  @Override
  protected String nodePath(String inTree) {
    return inTree;
  }

  @Test
  void aSymlinkedParentLeadingOutOfTheRootIsReportedNotFollowed(@TempDir Path elsewhere)
      throws Exception {
    Files.writeString(elsewhere.resolve("shadow"), "secret");
    Files.createSymbolicLink(root.resolve("escape"), elsewhere);
    LiveNode live =
        observer.observe(
            node(), ObservationRequest.of(List.of("/escape/shadow", ENV), List.of(), List.of()));
    assertThat(live.observed()).isTrue();
    assertThat(live.paths().get("/escape/shadow")).isEqualTo(new LiveEntry.Other("outside root"));
    assertThat(live.paths().get(ENV)).isInstanceOf(LiveEntry.File.class);
  }

  @Test
  void aSandboxNotCreatedYetIsAnEmptyNode() {
    LiveNode live =
        observer.observe(
            TestNodes.local("fresh", Optional.of(root.resolve("nope").toString())), request());
    assertThat(live.observed()).isTrue();
    assertThat(live.paths().values()).isNotEmpty().allMatch(e -> e instanceof LiveEntry.Missing);
  }

  @Test
  void aRootThatIsAFileIsUnreachableNotAnException() throws Exception {
    Path file = java.nio.file.Files.writeString(root.resolve("plain-file"), "x");
    LiveNode live =
        observer.observe(TestNodes.local("odd", Optional.of(file.toString())), request());
    assertThat(live.reachability()).isInstanceOf(Reachability.Unreachable.class);
  }

  @Test
  void aProbePastItsDeadlineIsCutOff() throws Exception {
    // The probe never reads FIFOs or devices, so it cannot be made to hang here; a deadline
    // shorter than any run of /bin/sh stands in for one.
    LocalObserver impatient = new LocalObserver(Duration.ofMillis(1), 1024 * 1024);
    LiveNode live = impatient.observe(node(), request());
    assertThat(live.reachability())
        .isInstanceOfSatisfying(
            Reachability.Unreachable.class,
            u -> assertThat(u.reason()).contains("did not finish within"));
  }
}
