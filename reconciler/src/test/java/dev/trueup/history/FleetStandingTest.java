package dev.trueup.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.ChangeClass;
import dev.trueup.store.Approval;
import dev.trueup.store.DriftRecord;
import dev.trueup.store.Outcome;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import dev.trueup.testing.Commits;
import dev.trueup.testing.MovableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Where each node stands, from the store and the fleet's Git history. */
class FleetStandingTest {
  @TempDir Path storeDir;
  @TempDir Path repo;

  private static JsonNode node(JsonNode nodes, String name) {
    for (JsonNode n : nodes.path("nodes")) {
      if (n.path("node").asString().equals(name)) {
        return n;
      }
    }
    throw new AssertionError("no node " + name + " in " + nodes);
  }

  @Test
  void eachNodeStandsWhereTheStoreAndTheHistorySay() throws Exception {
    String c1;
    String c3;
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      Files.createDirectories(repo.resolve("fleet"));
      Files.writeString(repo.resolve("fleet/fleet.yaml"), "fleet: a\n");
      c1 = Commits.all(git, "one");
      Files.writeString(repo.resolve("fleet/fleet.yaml"), "fleet: b\n");
      Commits.all(git, "two");
      Files.writeString(repo.resolve("README"), "outside the fleet\n");
      c3 = Commits.all(git, "three, outside the fleet");
    }
    MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    try (Store store =
        Store.open("jdbc:h2:file:" + storeDir.resolve("db") + ";MODE=PostgreSQL", clock, "r1")) {
      Run run = store.runs().start("test", c3);
      for (String n : List.of("synced", "behind", "held", "failing", "drifted")) {
        store.appliedRevisions().set(n, n.equals("behind") ? c1 : c3, run.id());
        store.nodeContacts().seen(n);
      }
      store.outcomes().record(run.id(), "failing", "k", Outcome.Result.FAILED, "exit 1");
      store.outcomes().record(run.id(), "synced", "k", Outcome.Result.APPLIED, null);
      Approval held =
          store
              .approvals()
              .request(
                  new Approval.Request("held|x", "held", "/etc/x", c3, ChangeClass.MAJOR, "why"));
      clock.advance(Duration.ofMinutes(5));
      Run check = store.runs().start(Run.Kind.DRIFT, "schedule", c3);
      store
          .driftReports()
          .record(
              new DriftRecord.New(
                  check.id(),
                  c3,
                  clock.instant(),
                  5,
                  1,
                  1,
                  0,
                  "{}",
                  null,
                  List.of(new DriftRecord.NodeEntry("drifted", DriftRecord.Status.DRIFTED, 1))));

      JsonNode nodes =
          FleetStanding.annotate(
              NodesJson.of(store),
              store,
              Optional.of(new FleetStanding.Head(c3, Optional.of(repo), "fleet")),
              List.of(held));

      assertThat(node(nodes, "synced").path("standing").asString()).isEqualTo("in-sync");
      assertThat(node(nodes, "failing").path("standing").asString()).isEqualTo("failed");
      assertThat(node(nodes, "held").path("standing").asString()).isEqualTo("held");
      assertThat(node(nodes, "held").path("heldChanges").asInt()).isEqualTo(1);
      assertThat(node(nodes, "drifted").path("standing").asString()).isEqualTo("drifted");
      JsonNode behind = node(nodes, "behind");
      assertThat(behind.path("standing").asString()).isEqualTo("behind");
      assertThat(behind.path("commitsBehind").asInt())
          .as("the commit outside the fleet's directory does not count")
          .isEqualTo(1);
      assertThat(node(nodes, "synced").path("commitsBehind").isNull()).isTrue();

      // Converged again after the drift check: the drift it found is no longer the news.
      clock.advance(Duration.ofMinutes(5));
      store.appliedRevisions().set("drifted", c3, run.id());
      JsonNode later =
          FleetStanding.annotate(NodesJson.of(store), store, Optional.empty(), List.of());
      assertThat(node(later, "drifted").path("standing").asString()).isEqualTo("in-sync");
      assertThat(node(later, "behind").path("standing").asString())
          .as("without a head nothing is behind")
          .isEqualTo("in-sync");
    }
  }
}
