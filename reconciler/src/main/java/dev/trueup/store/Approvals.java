package dev.trueup.store;

import dev.trueup.model.ChangeClass;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;

/** Approvals: requested once per change and desired revision, decided by a person, or expired. */
public final class Approvals {
  static final String ALPHABET = "23456789abcdefghjkmnpqrstvwxyz";
  static final int ID_LENGTH = 6;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Db db;

  Approvals(Db db) {
    this.db = db;
  }

  /**
   * Asks for approval of a change at a desired revision. Idempotent: asking again for the same
   * change and revision returns the existing approval, whatever its status. A pending one takes the
   * new reason, because why a change waits moves while it waits (staging verifies it, and "waits
   * for staging" becomes "needs approval"); a decided one keeps what it was decided on.
   */
  public Approval request(Approval.Request r) {
    for (int attempt = 0; attempt < 20; attempt++) {
      Optional<Approval> existing = find(r.changeKey(), r.desiredRevision());
      if (existing.isPresent()) {
        Approval found = existing.get();
        if (found.status() == Approval.Status.PENDING
            && r.reason() != null
            && !found.reason().equals(Optional.of(r.reason()))) {
          db.withConnection(
              c ->
                  Db.update(
                      c,
                      "UPDATE approvals SET reason = ? WHERE id = ? AND status = 'PENDING'",
                      r.reason(),
                      found.id()));
          return find(found.id()).orElseThrow();
        }
        return found;
      }
      String id = newId();
      try {
        db.withConnection(
            c ->
                Db.update(
                    c,
                    "INSERT INTO approvals (id, change_key, node, resource, desired_revision,"
                        + " change_class, reason, status, requested_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)",
                    id,
                    r.changeKey(),
                    r.node(),
                    r.resource(),
                    r.desiredRevision(),
                    r.changeClass(),
                    r.reason(),
                    db.now()));
        return find(id).orElseThrow();
      } catch (StoreException e) {
        // Another replica asked first, or the random id was taken: look again.
        if (!(e.getCause() instanceof SQLException s) || !Db.isUniqueViolation(s)) {
          throw e;
        }
      }
    }
    throw new StoreException("could not allocate an approval id");
  }

  public Optional<Approval> find(String id) {
    return db.one(
        "SELECT * FROM approvals WHERE id = ?", Approvals::row, id.trim().toLowerCase(Locale.ROOT));
  }

  public Optional<Approval> find(String changeKey, String desiredRevision) {
    return db.one(
        "SELECT * FROM approvals WHERE change_key = ? AND desired_revision = ?",
        Approvals::row,
        changeKey,
        desiredRevision);
  }

  /** Pending approvals, oldest first. */
  public List<Approval> pending() {
    return db.query(
        "SELECT * FROM approvals WHERE status = 'PENDING' ORDER BY requested_at, id",
        Approvals::row);
  }

  /** Approved changes not yet consumed: what the next apply may carry out. */
  public List<Approval> approved() {
    return db.query(
        "SELECT * FROM approvals WHERE status = 'APPROVED' ORDER BY decided_at, id",
        Approvals::row);
  }

  /** Approvals decided (approved, rejected), newest decision first. */
  public List<Approval> decided(int limit) {
    return db.query(
        "SELECT * FROM approvals WHERE status IN ('APPROVED', 'REJECTED') AND decided_at IS NOT"
            + " NULL ORDER BY decided_at DESC, id LIMIT ?",
        Approvals::row,
        limit);
  }

  public List<Approval> pending(String node) {
    return db.query(
        "SELECT * FROM approvals WHERE status = 'PENDING' AND node = ? ORDER BY requested_at, id",
        Approvals::row,
        node);
  }

  /**
   * Approves a pending approval.
   *
   * @throws NoSuchElementException no approval has this id
   * @throws IllegalStateException it was already decided or has expired
   */
  public Approval approve(String id, String by, String note) {
    return decide(id, Approval.Status.APPROVED, by, note);
  }

  /** Rejects a pending approval; throws like {@link #approve}. */
  public Approval reject(String id, String by, String note) {
    return decide(id, Approval.Status.REJECTED, by, note);
  }

  private Approval decide(String id, Approval.Status status, String by, String note) {
    String key = id.trim().toLowerCase(Locale.ROOT);
    int n =
        db.update(
            "UPDATE approvals SET status = ?, decided_by = ?, decided_at = ?, note = ?"
                + " WHERE id = ? AND status = 'PENDING'",
            status,
            by,
            db.now(),
            note,
            key);
    Approval a =
        find(key).orElseThrow(() -> new NoSuchElementException("no approval with id " + id));
    if (n == 0) {
      throw new IllegalStateException(
          "approval "
              + key
              + " is already "
              + a.status().name().toLowerCase(Locale.ROOT)
              + a.decidedBy().map(w -> " (by " + w + ")").orElse(""));
    }
    return a;
  }

  /**
   * Expires every pending approval for {@code node} asked at a revision other than {@code
   * desiredRevision}: the desired state moved, so the change that was held may no longer be the one
   * that would be applied. Returns the expired approvals.
   */
  public List<Approval> expireStale(String node, String desiredRevision) {
    return db.tx(
        c -> {
          List<Approval> stale =
              Db.query(
                  c,
                  "SELECT * FROM approvals WHERE node = ? AND status = 'PENDING'"
                      + " AND desired_revision <> ? ORDER BY id",
                  Approvals::row,
                  node,
                  desiredRevision);
          List<Approval> expired = new ArrayList<>();
          for (Approval a : stale) {
            if (expire(c, a.id(), desiredRevision) == 1) {
              expired.add(
                  Db.one(c, "SELECT * FROM approvals WHERE id = ?", Approvals::row, a.id())
                      .orElseThrow());
            }
          }
          return expired;
        });
  }

  private int expire(Connection c, String id, String desiredRevision) throws SQLException {
    return Db.update(
        c,
        "UPDATE approvals SET status = 'EXPIRED', decided_by = 'trueup', decided_at = ?, note = ?"
            + " WHERE id = ? AND status = 'PENDING'",
        db.now(),
        "desired revision moved to " + desiredRevision,
        id);
  }

  static String newId() {
    StringBuilder b = new StringBuilder(ID_LENGTH);
    for (int i = 0; i < ID_LENGTH; i++) {
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  private static Approval row(ResultSet rs) throws SQLException {
    return new Approval(
        rs.getString("id"),
        rs.getString("change_key"),
        rs.getString("node"),
        rs.getString("resource"),
        rs.getString("desired_revision"),
        ChangeClass.valueOf(rs.getString("change_class")),
        Db.optString(rs, "reason"),
        Approval.Status.valueOf(rs.getString("status")),
        Db.instant(rs, "requested_at"),
        Db.optString(rs, "decided_by"),
        Db.optInstant(rs, "decided_at"),
        Db.optString(rs, "note"));
  }
}
