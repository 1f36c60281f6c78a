package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.testing.Commits;
import dev.trueup.testing.GitHubHooks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code trueup serve} processes on the real PostgreSQL following one Git repository of local
 * sandbox nodes: they share the work, never change the same node at once (the journal's intervals
 * per node never overlap between runs), and when one is killed with SIGKILL while it holds a node,
 * the other finishes the revision.
 */
class ServeReplicasTest {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final int NODES = 24;
  private static final String SECRET = "replica-hook-secret";

  @TempDir Path dir;
  private String schema;
  private String url;
  private Git git;
  private final List<Replica> replicas = new ArrayList<>();

  /** A serve process and the webhook port it printed. */
  private record Replica(String id, Process process, int hookPort, StringBuffer output) {}

  @BeforeEach
  void database() throws Exception {
    schema = "r_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(SERVER);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    url = SERVER + "&currentSchema=" + schema;
  }

  @AfterEach
  void stop() throws Exception {
    for (Replica r : replicas) {
      r.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (git != null) {
      git.close();
    }
    try (Connection c = DriverManager.getConnection(SERVER);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  void replicasShareNodesNeverAtOnceAndOneTakesOverFromAKilledOne() throws Exception {
    Path origin = dir.resolve("origin");
    writeFleet(origin, "one");
    git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call();
    commit("feat: the fleet");

    Replica a = start("a");
    Replica b = start("b");
    awaitAll("one", Duration.ofSeconds(90));
    Instant firstRevisionDone = Instant.now();

    // A new revision, announced to a only; kill a while it holds a node.
    writeFleet(origin, "two");
    String second = commit("fix: the second revision");
    assertThat(post(a, second)).isEqualTo(202);
    String owner = awaitLockHeldBy("a", Duration.ofSeconds(60));
    Instant killed = Instant.now();
    a.process().destroyForcibly();
    assertThat(a.process().waitFor(10, TimeUnit.SECONDS)).isTrue();

    awaitAll("two", Duration.ofSeconds(90));
    assertThat(b.process().isAlive()).as(b.output().toString()).isTrue();

    List<Interval> work = journal(killed);
    assertThat(work).as("journal").isNotEmpty();
    assertNoOverlapPerNode(work);
    Set<String> owners = new java.util.TreeSet<>();
    work.forEach(i -> owners.add(i.replica()));
    assertThat(owners).as("both replicas applied nodes").contains("a", "b");
    assertThat(
            work.stream().filter(i -> i.replica().equals("b") && i.start().isAfter(killed)).count())
        .as("b finished what a left")
        .isPositive();
    // a's run is declared interrupted once its lease runs out (b's next poll looks).
    awaitRunInterrupted(owner, Duration.ofSeconds(60));
    assertThat(firstRevisionDone).isBefore(killed);
  }

  // ---- the fleet and its repository

  private void writeFleet(Path repo, String text) throws IOException {
    Files.createDirectories(repo.resolve("nodes"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: replicas
        environments: [development]
        defaults:
          directories:
            /etc/app: {mode: "0755"}
          files:
            /etc/app/a.conf: {content: "%1$s a\\n", mode: "0644"}
            /etc/app/b.conf: {content: "%1$s b\\n", mode: "0644"}
            /etc/app/c.conf: {content: "%1$s c\\n", mode: "0644"}
            /etc/motd: {content: "%1$s\\n", mode: "0644"}
        """
            .formatted(text));
    Files.writeString(repo.resolve("policy.yaml"), "matrix: {minor: apply, bugfix: apply}\n");
    for (int i = 0; i < NODES; i++) {
      Files.writeString(
          repo.resolve("nodes/n%02d.yaml".formatted(i)),
          "node: n%02d\nenvironment: development\nconnection: {driver: local, root: %s}\n"
              .formatted(i, sandbox(i)));
    }
  }

  private Path sandbox(int i) {
    return dir.resolve("sandbox/n%02d".formatted(i));
  }

  private String commit(String message) throws Exception {
    return Commits.all(git, message);
  }

  // ---- the replicas

  private Replica start(String id) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "dev.trueup.cli.Main",
            "serve",
            "--git-url",
            dir.resolve("origin").toString(),
            "--git-work-dir",
            dir.resolve("work-" + id).toString(),
            "--store",
            url,
            "--replica-id",
            id,
            "--run-lease",
            "4s",
            "--poll",
            "1s",
            "--parallelism",
            "1",
            "--listen",
            "127.0.0.1:0",
            "--webhook-listen",
            "127.0.0.1:0",
            "--webhook-secret-env",
            "github=HOOK_SECRET");
    pb.environment().put("HOOK_SECRET", SECRET);
    pb.environment().put("TRUEUP_LOOPBACK_ONLY", "1");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    StringBuffer output = new StringBuffer();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  output.append(line).append('\n');
                  int at = line.indexOf("webhooks on 127.0.0.1:");
                  if (at >= 0) {
                    String rest = line.substring(at + "webhooks on 127.0.0.1:".length());
                    port.complete(Integer.parseInt(rest.substring(0, rest.indexOf(','))));
                  }
                }
              } catch (IOException | RuntimeException e) {
                port.completeExceptionally(e);
              }
              port.completeExceptionally(new IllegalStateException("serve ended:\n" + output));
            });
    Replica r = new Replica(id, p, port.get(60, TimeUnit.SECONDS), output);
    replicas.add(r);
    return r;
  }

  private int post(Replica to, String commit) throws Exception {
    return GitHubHooks.post(
        to.hookPort(),
        "push",
        UUID.randomUUID().toString(),
        GitHubHooks.push(commit).getBytes(StandardCharsets.UTF_8),
        SECRET);
  }

  // ---- what the store and the nodes show

  private void awaitAll(String text, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (converged(text)) {
        return;
      }
      Thread.sleep(100);
    }
    // Thread dumps of the live replicas (SIGQUIT) into their output, to see where they are.
    for (Replica r : replicas) {
      if (r.process().isAlive()) {
        new ProcessBuilder("kill", "-3", Long.toString(r.process().pid())).start().waitFor();
      }
    }
    Thread.sleep(1000);
    StringBuilder out = new StringBuilder();
    out.append(rows("SELECT id, owner, status, desired_revision, trigger, summary FROM runs"));
    out.append(rows("SELECT run_id, node, result, detail FROM outcomes WHERE result <> 'APPLIED'"));
    // Why a change was not applied at once: its class, rule and step as decided.
    out.append(
        rows(
            "SELECT p.run_id, d.node, d.resource, d.change_class, d.rule, d.step, d.reason"
                + " FROM decisions d JOIN plans p ON p.id = d.plan_id"
                + " WHERE d.step <> 'APPLY_NOW' ORDER BY p.run_id, d.node"));
    out.append(rows("SELECT node, desired_revision, run_id, applied_at FROM applied_revisions"));
    replicas.forEach(r -> out.append("--- ").append(r.id()).append('\n').append(r.output()));
    assertThat(converged(text)).as("every node at '%s'%n%s", text, out).isTrue();
  }

  private boolean converged(String text) throws IOException {
    for (int i = 0; i < NODES; i++) {
      for (String f : List.of("etc/app/a.conf", "etc/app/b.conf", "etc/app/c.conf", "etc/motd")) {
        Path p = sandbox(i).resolve(f);
        if (!Files.exists(p) || !Files.readString(p).startsWith(text)) {
          return false;
        }
      }
    }
    return true;
  }

  private String rows(String sql) {
    StringBuilder out = new StringBuilder(sql).append('\n');
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= n; i++) {
          out.append(i == 1 ? "" : " | ").append(rs.getString(i));
        }
        out.append('\n');
      }
    } catch (java.sql.SQLException e) {
      out.append(e.getMessage()).append('\n');
    }
    return out.toString();
  }

  /** Waits until replica {@code id} holds some node's lock; returns its owner text. */
  private String awaitLockHeldBy(String id, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    try (Connection c = DriverManager.getConnection(url)) {
      while (System.nanoTime() < deadline) {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT owner FROM node_locks")) {
          while (rs.next()) {
            if (rs.getString(1).endsWith(":" + id)) {
              return rs.getString(1);
            }
          }
        }
        Thread.sleep(2);
      }
    }
    throw new AssertionError("replica " + id + " never held a node");
  }

  private void awaitRunInterrupted(String owner, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    try (Connection c = DriverManager.getConnection(url)) {
      while (System.nanoTime() < deadline) {
        try (var s = c.prepareStatement("SELECT status FROM runs WHERE owner = ?")) {
          s.setString(1, owner);
          try (ResultSet rs = s.executeQuery()) {
            List<String> statuses = new ArrayList<>();
            while (rs.next()) {
              statuses.add(rs.getString(1));
            }
            if (statuses.contains("INTERRUPTED") && !statuses.contains("RUNNING")) {
              return;
            }
          }
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("the killed replica's run was never marked interrupted");
  }

  /** One run's work on one node: from its first journal entry to its last completion. */
  private record Interval(String node, long run, String replica, Instant start, Instant end) {}

  private List<Interval> journal(Instant killed) throws Exception {
    Map<String, Interval> byNodeRun = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT j.node, j.run_id, r.owner, j.state, j.started_at, j.completed_at"
                    + " FROM journal j JOIN runs r ON r.id = j.run_id")) {
      while (rs.next()) {
        String node = rs.getString(1);
        long run = rs.getLong(2);
        String owner = rs.getString(3);
        String replica = owner.substring(owner.lastIndexOf(':') + 1);
        Instant start = rs.getTimestamp(5).toInstant();
        Timestamp done = rs.getTimestamp(6);
        // A killed run's open entries end, at the latest, when its process died.
        Instant end =
            done == null || rs.getString(4).equals("INTERRUPTED") ? killed : done.toInstant();
        byNodeRun.merge(
            node + "#" + run,
            new Interval(node, run, replica, start, end),
            (x, y) ->
                new Interval(
                    node,
                    run,
                    replica,
                    x.start().isBefore(y.start()) ? x.start() : y.start(),
                    x.end().isAfter(y.end()) ? x.end() : y.end()));
      }
    }
    return List.copyOf(byNodeRun.values());
  }

  private static void assertNoOverlapPerNode(List<Interval> work) {
    for (Interval x : work) {
      for (Interval y : work) {
        if (x.node().equals(y.node()) && x.run() < y.run()) {
          boolean overlap = x.start().isBefore(y.end()) && y.start().isBefore(x.end());
          assertThat(overlap).as("node %s changed by runs %s and %s at once", x, y).isFalse();
        }
      }
    }
  }
}
