package dev.trueup.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The job queue replicas share. On PostgreSQL a claim selects due jobs {@code FOR UPDATE SKIP
 * LOCKED}, so replicas claiming at once never get the same job and never wait for each other.
 */
public final class JobQueue {
  private final Db db;
  private final Owner owner;
  private final ReentrantLock claims = new ReentrantLock();

  JobQueue(Db db, Owner owner) {
    this.db = db;
    this.owner = owner;
  }

  public long enqueue(String kind, String payloadJson, Instant notBefore) {
    return db.insert(
        "INSERT INTO job_queue (kind, payload, status, not_before, created_at, attempts)"
            + " VALUES (?, ?, 'QUEUED', ?, ?, 0)",
        kind,
        payloadJson,
        notBefore == null ? db.now() : notBefore,
        db.now());
  }

  /** Queues a job due {@code delay} from now (by the store's clock). */
  public long enqueueAfter(String kind, String payloadJson, Duration delay) {
    return enqueue(kind, payloadJson, db.now().plus(delay));
  }

  /** Claims up to {@code max} due jobs for this store's owner, oldest due first. */
  public List<Job> claim(int max) {
    return claim(null, max);
  }

  /** As {@link #claim(int)}, only jobs of {@code kind} (any kind when null). */
  public List<Job> claim(String kind, int max) {
    claims.lock();
    try {
      Instant now = db.now();
      return db.tx(
          c -> {
            List<Long> ids =
                kind == null
                    ? Db.query(
                        c,
                        "SELECT id FROM job_queue WHERE status = 'QUEUED' AND not_before <= ?"
                            + " ORDER BY not_before, id LIMIT ?"
                            + db.dialect().claimLock(),
                        rs -> rs.getLong(1),
                        now,
                        max)
                    : Db.query(
                        c,
                        "SELECT id FROM job_queue WHERE status = 'QUEUED' AND kind = ?"
                            + " AND not_before <= ? ORDER BY not_before, id LIMIT ?"
                            + db.dialect().claimLock(),
                        rs -> rs.getLong(1),
                        kind,
                        now,
                        max);
            List<Job> out = new ArrayList<>();
            for (long id : ids) {
              Db.update(
                  c,
                  "UPDATE job_queue SET status = 'CLAIMED', claimed_by = ?, claimed_at = ?,"
                      + " attempts = attempts + 1 WHERE id = ?",
                  owner.toString(),
                  now,
                  id);
              out.add(
                  Db.one(c, "SELECT * FROM job_queue WHERE id = ?", JobQueue::row, id)
                      .orElseThrow());
            }
            return out;
          });
    } finally {
      claims.unlock();
    }
  }

  public void complete(long jobId, String detail) {
    db.update("UPDATE job_queue SET status = 'DONE', detail = ? WHERE id = ?", detail, jobId);
  }

  public void fail(long jobId, String detail) {
    db.update("UPDATE job_queue SET status = 'FAILED', detail = ? WHERE id = ?", detail, jobId);
  }

  /** Puts a claimed job back, due at {@code notBefore}. */
  public void retry(long jobId, Instant notBefore, String detail) {
    db.update(
        "UPDATE job_queue SET status = 'QUEUED', not_before = ?, claimed_by = NULL,"
            + " claimed_at = NULL, detail = ? WHERE id = ?",
        notBefore,
        detail,
        jobId);
  }

  /** Re-queues jobs claimed longer than {@code lease} ago: their claimer died. */
  public int requeueStale(Duration lease) {
    return db.update(
        "UPDATE job_queue SET status = 'QUEUED', claimed_by = NULL, claimed_at = NULL"
            + " WHERE status = 'CLAIMED' AND claimed_at < ?",
        db.now().minus(lease));
  }

  public Optional<Job> find(long jobId) {
    return db.one("SELECT * FROM job_queue WHERE id = ?", JobQueue::row, jobId);
  }

  public List<Job> queued(String kind) {
    return db.query(
        "SELECT * FROM job_queue WHERE status = 'QUEUED' AND kind = ? ORDER BY not_before, id",
        JobQueue::row,
        kind);
  }

  private static Job row(ResultSet rs) throws SQLException {
    return new Job(
        rs.getLong("id"),
        rs.getString("kind"),
        rs.getString("payload"),
        Job.Status.valueOf(rs.getString("status")),
        Db.instant(rs, "not_before"),
        Db.optString(rs, "claimed_by"),
        Db.optInstant(rs, "claimed_at"),
        rs.getInt("attempts"),
        Db.optString(rs, "detail"));
  }
}
