package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.engine.StoreLedger;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import dev.trueup.store.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apply → approvals → approve → apply through the CLI, on a production sandbox node. */
class ApplyCommandTest {
  @TempDir Path repo;
  @TempDir Path sandbox;
  @TempDir Path store;

  @BeforeEach
  void fleet() throws Exception {
    Files.createDirectories(repo.resolve("nodes"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        "fleet: cli\nenvironments: [development, staging, production]\n");
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        """
        node: box
        environment: production
        connection: {driver: local, root: %s}
        files:
          /etc/box.conf: {content: "hello\\n", mode: "0644"}
        """
            .formatted(sandbox));
  }

  private CliRunner.Run run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--store";
    all[args.length + 1] = store.toString();
    return CliRunner.run(all);
  }

  @Test
  void aProductionChangeWaitsForApprovalThenApplies() throws Exception {
    var first = run("apply", "--repo", repo.toString());
    assertThat(first.exit()).isZero();
    assertThat(first.out()).contains("Held for approval").contains("/etc/box.conf");
    assertThat(Files.exists(sandbox.resolve("etc/box.conf"))).isFalse();

    var pending = run("approvals");
    Matcher id =
        Pattern.compile("^(\\S{6})\\s+box /etc/box.conf", Pattern.MULTILINE).matcher(pending.out());
    assertThat(id.find()).as(pending.out()).isTrue();

    assertThat(run("approve", id.group(1), "--by", "lead").out()).contains("approved");
    assertThat(run("approve", id.group(1)).exit()).as("decided once").isEqualTo(1);

    var second = run("apply", "--repo", repo.toString());
    assertThat(second.exit()).isZero();
    assertThat(Files.readString(sandbox.resolve("etc/box.conf"))).isEqualTo("hello\n");
    assertThat(run("plan", "--repo", repo.toString()).exit()).isZero();
    assertThat(run("approvals").out()).contains("No changes are waiting");
  }

  @Test
  void applyApprovalsAndNotifySpeakJsonForMachines() throws Exception {
    var apply = run("apply", "--repo", repo.toString(), "-o", "json");
    assertThat(apply.exit()).as(apply.err()).isZero();
    var json = tools.jackson.databind.json.JsonMapper.builder().build();
    var tree = json.readTree(apply.out());
    assertThat(tree.path("format").asString()).isEqualTo("trueup-history/1");
    assertThat(tree.path("run").path("status").asString()).isEqualTo("succeeded");
    assertThat(tree.path("plan").path("nodes").get(0).path("node").asString()).isEqualTo("box");
    assertThat(tree.path("held")).hasSize(1);
    String id = tree.path("held").get(0).path("id").asString();

    var approvals = json.readTree(run("approvals", "-o", "json").out());
    assertThat(approvals).hasSize(1);
    assertThat(approvals.get(0).path("id").asString()).isEqualTo(id);
    assertThat(approvals.get(0).path("resource").asString()).isEqualTo("/etc/box.conf");
    assertThat(approvals.get(0).path("status").asString()).isEqualTo("pending");

    var notify = run("notify", "--deliver", "--repo", repo.toString(), "-o", "json");
    var sent = json.readTree(notify.out());
    assertThat(sent.path("format").asString()).isEqualTo("trueup-notify/1");
    assertThat(sent.has("sent")).isTrue();
    assertThat(sent.has("failed")).isTrue();
  }

  /**
   * The whole chain with the lock the node's apply script takes held by a live process: the node
   * fails with the script's reason, the command exits 1, and the run is recorded failed with no
   * applied revision, so serve's ledger retries the revision instead of settling it.
   */
  @Test
  void aNodeLockHeldByAnotherApplyFailsTheRunAndSettlesNothing() throws Exception {
    Path dev = sandbox.resolve("dev");
    Files.writeString(
        repo.resolve("nodes/dev.yaml"),
        """
        node: dev
        environment: development
        connection: {driver: local, root: %s}
        files:
          /etc/dev.conf: {content: "hello\\n", mode: "0644"}
        """
            .formatted(dev));
    Path lock = Files.createDirectories(dev.resolve("var/lib/trueup/apply.lock"));
    Process holder = new ProcessBuilder("sleep", "600").start();
    CliRunner.Run held;
    try {
      Files.writeString(lock.resolve("pid"), holder.pid() + "\n");
      held = run("apply", "--repo", repo.toString(), "--node", "dev");
    } finally {
      holder.destroyForcibly().waitFor();
    }
    assertThat(held.exit()).as(held.out() + held.err()).isEqualTo(1);
    assertThat(held.out())
        .contains("dev: failed — another trueup apply is still running on this node")
        .contains("0 applied")
        .contains("1 node(s) failed")
        .doesNotContain("dev: applied");
    assertThat(dev.resolve("etc/dev.conf")).doesNotExist();
    try (Store s = Store.open(StoreLocation.resolve(store.toString(), Map.of()))) {
      Run run = s.runs().recent(1).getFirst();
      assertThat(run.kind()).isEqualTo(Run.Kind.APPLY);
      assertThat(run.status()).isEqualTo(Run.Status.FAILED);
      assertThat(s.appliedRevisions().get("dev")).isEmpty();
      StoreLedger ledger =
          new StoreLedger(s, Duration.ofMinutes(5), Clock.systemUTC(), Duration.ZERO);
      assertThat(ledger.needsRun(run.desiredRevision().orElseThrow(), false))
          .as("serve takes the revision on again")
          .isTrue();
    }

    // The lock's holder gone, the next apply takes the lock over and applies.
    var next = run("apply", "--repo", repo.toString(), "--node", "dev");
    assertThat(next.exit()).as(next.out()).isZero();
    assertThat(dev.resolve("etc/dev.conf")).hasContent("hello");
  }

  @Test
  void rejectNeedsANoteAndUnknownIdsFail() {
    run("apply", "--repo", repo.toString());
    assertThat(run("reject", "XXXXXX", "--note", "no").exit()).isEqualTo(1);
    assertThat(run("reject", "XXXXXX").exit()).isEqualTo(1);
  }

  @Test
  void aStalePlanIsRefused() throws Exception {
    Path saved = repo.resolve("plan.json");
    run("plan", "--repo", repo.toString(), "--out", saved.toString());
    Files.createDirectories(sandbox.resolve("etc"));
    Files.writeString(sandbox.resolve("etc/box.conf"), "changed meanwhile\n");
    var r = run("apply", "--repo", repo.toString(), "--plan", saved.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("plan is stale");
  }

  @Test
  void anUnknownNodeIsRefusedAndNothingIsApplied() {
    var r = run("apply", "--repo", repo.toString(), "--node", "bxo");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("refused: no node named 'bxo' (did you mean 'box'?)");
    assertThat(sandbox.resolve("etc/box.conf")).doesNotExist();
  }

  @Test
  void aPlanFileThatIsMissingOrNotAPlanIsOneLineNotAStackTrace() throws Exception {
    Path missing = repo.resolve("nosuch.json");
    var gone = run("apply", "--repo", repo.toString(), "--plan", missing.toString());
    assertThat(gone.exit()).isEqualTo(1);
    assertThat(gone.err())
        .isEqualTo(
            "trueup apply: cannot read the plan " + missing + ": no such file or directory\n");
    Path yaml = Files.writeString(repo.resolve("plan.yaml"), "node: box\n");
    var notPlan = run("apply", "--repo", repo.toString(), "--plan", yaml.toString());
    assertThat(notPlan.exit()).isEqualTo(1);
    assertThat(notPlan.err())
        .startsWith("trueup apply: " + yaml + " is not a plan saved by `trueup plan --out`")
        .doesNotContain("\tat ");
  }
}
