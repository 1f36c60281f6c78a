package dev.trueup.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.testing.RealPart;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The store contract against the real PostgreSQL on 127.0.0.1:5432, each test in a schema of its
 * own (created and dropped here), plus what only a shared server does: replicas racing for jobs and
 * locks that die with their session.
 */
class PostgresStoreTest extends StoreContract {
  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  @Override
  String freshUrl() throws Exception {
    RealPart.POSTGRESQL.require(reachable());
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(SERVER)) {
      Db.execute(c, "CREATE SCHEMA " + schema);
    }
    return SERVER + "&currentSchema=" + schema;
  }

  private static boolean reachable() {
    try (Connection c = DriverManager.getConnection(SERVER)) {
      return c.isValid(5);
    } catch (java.sql.SQLException e) {
      return false;
    }
  }

  @Override
  void dropFresh(String url) throws Exception {
    String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    try (Connection c = DriverManager.getConnection(SERVER)) {
      Db.execute(c, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  void isTheSharedDialect() {
    assertThat(store.dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThat(store.dialect().sharedByReplicas()).isTrue();
  }

  @Test
  void everyReplicaReadsEveryReplicasNotificationEvents() {
    Instant t = Instant.parse("2026-03-28T06:00:00Z");
    try (Store other = another("b")) {
      store.notificationEvents().append(t, List.of("{\"from\":\"a\"}"));
      other.notificationEvents().append(t.plusSeconds(1), List.of("{\"from\":\"b\"}"));
      assertThat(store.notificationEvents().between(t, t.plusSeconds(60)))
          .extracting(NotificationEvents.Row::json)
          .containsExactly("{\"from\":\"a\"}", "{\"from\":\"b\"}");
      assertThat(other.notificationEvents().prune(t.plusSeconds(1))).isEqualTo(1);
      assertThat(store.notificationEvents().between(t, t.plusSeconds(60))).hasSize(1);
    }
  }

  @Test
  void twoConcurrentClaimersNeverGetTheSameJob() throws Exception {
    int jobs = 120;
    for (int i = 0; i < jobs; i++) {
      store.jobQueue().enqueue("run", "{\"n\":" + i + "}", null);
    }
    try (Store other = another("b")) {
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<List<Long>>> results = new ArrayList<>();
        for (Store s : List.of(store, other)) {
          Callable<List<Long>> claimer =
              () -> {
                go.await();
                List<Long> mine = new ArrayList<>();
                for (List<Job> batch = s.jobQueue().claim(3);
                    !batch.isEmpty();
                    batch = s.jobQueue().claim(3)) {
                  batch.forEach(j -> mine.add(j.id()));
                }
                return mine;
              };
          results.add(pool.submit(claimer));
        }
        go.countDown();
        List<Long> a = results.get(0).get();
        List<Long> b = results.get(1).get();
        Set<Long> all = new HashSet<>(a);
        assertThat(all).hasSameSizeAs(a);
        assertThat(b).doesNotContainAnyElementsOf(a).doesNotHaveDuplicates();
        all.addAll(b);
        assertThat(all).hasSize(jobs);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aClaimSkipsJobsAnotherReplicaHasLockedInsteadOfWaiting() throws Exception {
    long busy = store.jobQueue().enqueue("run", "{}", null);
    long free = store.jobQueue().enqueue("run", "{}", null);
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      // Another replica is in the middle of claiming the first job.
      Db.one(c, "SELECT id FROM job_queue WHERE id = ? FOR UPDATE", rs -> 1, busy);
      long started = System.nanoTime();
      assertThat(store.jobQueue().claim(10)).extracting(Job::id).containsExactly(free);
      assertThat(System.nanoTime() - started).isLessThan(5_000_000_000L);
      c.rollback();
    }
    assertThat(store.jobQueue().claim(10)).extracting(Job::id).containsExactly(busy);
  }

  @Test
  void aNodeLockDiesWithItsSession() throws Exception {
    NodeLock lock = store.nodeLocks().tryLock("aurora").orElseThrow();
    try (Store other = another("b")) {
      assertThat(other.nodeLocks().tryLock("aurora")).isEmpty();
      HeldLock row = other.nodeLocks().held().getFirst();
      assertThat(row.owner()).isEqualTo(store.owner().toString());
      // The holder's session is killed (its process died, its network dropped).
      try (Connection c = DriverManager.getConnection(SERVER)) {
        Db.one(
            c,
            "SELECT pg_terminate_backend(?)",
            rs -> rs.getBoolean(1),
            Integer.parseInt(row.session().orElseThrow()));
      }
      assertThat(lock.isHeld()).isFalse();
      NodeLock taken = other.nodeLocks().tryLock("aurora").orElseThrow();
      assertThat(taken.isHeld()).isTrue();
      assertThat(other.nodeLocks().held())
          .singleElement()
          .extracting(HeldLock::owner)
          .isEqualTo(other.owner().toString());
      lock.close(); // the dead holder lets go without disturbing the new one
      assertThat(taken.isHeld()).isTrue();
      assertThat(store.nodeLocks().tryLock("aurora")).isEmpty();
      taken.close();
    }
  }

  @Test
  void aLockIsNotLeakedThroughThePool() {
    // Many take-and-release cycles: a session lock left on a pooled connection would make a
    // later tryLock from another store fail.
    try (Store other = another("b")) {
      for (int i = 0; i < 5; i++) {
        store.nodeLocks().tryLock("db").orElseThrow().close();
        other.nodeLocks().tryLock("db").orElseThrow().close();
      }
    }
  }
}
