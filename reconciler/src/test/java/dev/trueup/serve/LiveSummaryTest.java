package dev.trueup.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.driver.docker.model.LiveContainer;
import dev.trueup.driver.docker.model.LiveContainers;
import dev.trueup.live.LiveEntry;
import dev.trueup.live.LiveUnit;
import dev.trueup.live.Reachability;
import dev.trueup.observe.LiveNode;
import dev.trueup.render.ResourceKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What a node's page says was observed of each resource: facts, never content or digests. */
class LiveSummaryTest {
  private static final String SECRET = "s3cret-value";

  private static LiveNode node() {
    TreeMap<String, LiveEntry> paths = new TreeMap<>();
    paths.put(
        "/etc/app.env",
        new LiveEntry.File(
            "ab12cd34ef",
            17,
            "0640",
            "root",
            "app",
            true,
            Optional.of(("DB=" + SECRET + "\n").getBytes(StandardCharsets.UTF_8))));
    paths.put("/srv/app", new LiveEntry.Directory("0755", "app", "app"));
    paths.put("/etc/gone", new LiveEntry.Missing());
    paths.put("/etc/link", new LiveEntry.Other("symlink"));
    TreeMap<String, LiveUnit> units = new TreeMap<>();
    units.put("app.service", new LiveUnit("app.service", true, "enabled", "active"));
    units.put("old.service", new LiveUnit("old.service", false, "", ""));
    LiveContainer web =
        new LiveContainer(
            "c0ffee",
            "trueup-web",
            "localhost/web:2",
            List.of(),
            new TreeMap<>(Map.of("PASSWORD", SECRET)),
            new TreeMap<>(),
            List.of(),
            List.of(),
            "unless-stopped",
            Optional.empty(),
            Optional.empty(),
            new TreeMap<>(),
            true,
            Optional.of("healthy"));
    return new LiveNode("web", new Reachability.Observed(), true, paths, units, new TreeSet<>())
        .with(
            new LiveContainers(
                "web",
                new Reachability.Observed(),
                new TreeMap<>(Map.of("trueup-web", web)),
                new TreeSet<>(List.of("trueup-theirs"))));
  }

  @Test
  void pathsUnitsAndContainersSayWhatWasFoundInAFewWords() {
    LiveNode n = node();
    assertThat(LiveSummary.of(n, ResourceKind.FILE, "/etc/app.env"))
        .isEqualTo("file 0640 root:app, 17 bytes, marked managed by trueup");
    assertThat(LiveSummary.of(n, ResourceKind.DIRECTORY, "/srv/app"))
        .isEqualTo("directory 0755 app:app");
    assertThat(LiveSummary.of(n, ResourceKind.FILE, "/etc/gone")).isEqualTo("missing");
    assertThat(LiveSummary.of(n, ResourceKind.FILE, "/etc/link")).isEqualTo("symlink");
    assertThat(LiveSummary.of(n, ResourceKind.UNIT, "app.service")).isEqualTo("enabled, active");
    assertThat(LiveSummary.of(n, ResourceKind.UNIT, "old.service")).isEqualTo("no such unit");
    assertThat(LiveSummary.of(n, ResourceKind.CONTAINER, "trueup-web"))
        .isEqualTo("localhost/web:2, running, healthy");
    assertThat(LiveSummary.of(n, ResourceKind.CONTAINER, "trueup-theirs"))
        .isEqualTo("a container trueup did not make");
    assertThat(LiveSummary.of(n, ResourceKind.CONTAINER, "trueup-db")).isEqualTo("none");
    // Kinds whose facts the plan's fields carry (packages, users, ...) say nothing more here.
    assertThat(LiveSummary.of(n, ResourceKind.USER, "app")).isEmpty();
    assertThat(LiveSummary.of(n, ResourceKind.SYSCTL, "net.ipv4.ip_forward")).isEmpty();
  }

  @Test
  void neitherContentNorDigestNorEnvironmentIsEverShown() {
    LiveNode n = node();
    for (String id : List.of("/etc/app.env", "trueup-web")) {
      String said =
          LiveSummary.of(n, id.startsWith("/") ? ResourceKind.FILE : ResourceKind.CONTAINER, id);
      assertThat(said).doesNotContain(SECRET).doesNotContain("ab12cd34ef");
    }
  }

  @Test
  void aNodeThatWasNotObservedSaysNothing() {
    LiveNode away = LiveNode.unreachable("web", new Reachability.Unreachable("refused"));
    assertThat(LiveSummary.of(away, ResourceKind.FILE, "/etc/app.env")).isEmpty();
  }
}
