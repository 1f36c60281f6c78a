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
  void aFileThatShouldHoldASecretComesBackAsItsDigestNeverItsBytes() throws Exception {
    Files.createDirectories(root.resolve("etc/app"));
    Files.writeString(root.resolve("etc/app/tls.key"), "s3cret-key-bytes");
    Files.writeString(root.resolve("etc/app/plain.conf"), "port=1");
    java.util.TreeMap<String, dev.trueup.model.SecretRef> secretFiles = new java.util.TreeMap<>();
    secretFiles.put("/etc/app/tls.key", new dev.trueup.model.SecretRef("tls/key"));
    ObservationRequest request =
        new ObservationRequest(
            new java.util.TreeSet<>(List.of("/etc/app/tls.key", "/etc/app/plain.conf")),
            new java.util.TreeSet<>(),
            new java.util.TreeSet<>(),
            new java.util.TreeSet<>(),
            secretFiles);
    LiveNode live = observer.observe(node(), request);
    LiveEntry.File secret = (LiveEntry.File) live.paths().get("/etc/app/tls.key");
    assertThat(secret.content()).as("the bytes stay on the node").isEmpty();
    assertThat(secret.sha256())
        .isEqualTo(
            dev.trueup.render.DesiredResource.DesiredFile.sha256(
                "s3cret-key-bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(((LiveEntry.File) live.paths().get("/etc/app/plain.conf")).content())
        .as("other files still come back for diffs")
        .isPresent();
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
