package dev.trueup.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.pattern.ValidatePattern;

/**
 * trueup's state: runs, plans, decisions, approvals, outcomes, applied revisions, the action
 * journal, node locks, the job queue, the notification outbox and drift reports — in PostgreSQL (a
 * server, shared by replicas) or in the embedded default (a file, one replica). One schema on both,
 * migrated by Flyway when the store opens.
 *
 * <p>Rows hold references only: a secret's name may appear in a plan, never its value.
 */
public final class Store implements AutoCloseable {
  private final Clock clock;
  private final String url;
  private final Dialect dialect;
  private final Owner owner;
  private final HikariDataSource dataSource;
  private final Runs runs;
  private final Plans plans;
  private final Decisions decisions;
  private final Approvals approvals;
  private final Outcomes outcomes;
  private final AppliedRevisions appliedRevisions;
  private final ConvergedResources convergedResources;
  private final Snoozes snoozes;
  private final NodeContacts nodeContacts;
  private final MonthlyActivity monthlyActivity;
  private final Journal journal;
  private final Outbox outbox;
  private final JobQueue jobQueue;
  private final NodeLocks nodeLocks;
  private final DriftReports driftReports;
  private final NotificationEvents notificationEvents;
  private final HealthSamples healthSamples;

  private Store(String url, Clock clock, Owner owner) {
    this.clock = clock;
    this.url = url;
    this.dialect = Dialect.of(url);
    this.owner = owner;
    Optional<EmbeddedFiles> files = EmbeddedFiles.of(url);
    files.ifPresent(EmbeddedFiles::prepare);
    this.dataSource = pool(url, dialect);
    try {
      migrate(dataSource);
      files.ifPresent(EmbeddedFiles::tighten);
      Db db = new Db(dataSource, clock, dialect);
      this.runs = new Runs(db, owner);
      this.plans = new Plans(db);
      this.decisions = new Decisions(db);
      this.approvals = new Approvals(db);
      this.outcomes = new Outcomes(db);
      this.appliedRevisions = new AppliedRevisions(db);
      this.convergedResources = new ConvergedResources(db);
      this.snoozes = new Snoozes(db);
      this.nodeContacts = new NodeContacts(db);
      this.monthlyActivity = new MonthlyActivity(db);
      this.journal = new Journal(db);
      this.outbox = new Outbox(db);
      this.jobQueue = new JobQueue(db, owner);
      this.driftReports = new DriftReports(db);
      this.notificationEvents = new NotificationEvents(db);
      this.healthSamples = new HealthSamples(db);
      this.nodeLocks =
          switch (dialect) {
            case POSTGRESQL ->
                new PostgresNodeLocks(
                    db, owner, () -> DriverManager.getConnection(url), currentSchema(db));
            case H2 -> new EmbeddedNodeLocks(db, owner);
          };
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /**
   * Opens (creating and migrating as needed) the store at a JDBC URL; see {@link StoreLocation}.
   */
  public static Store open(String url) {
    return open(url, Clock.systemUTC(), Owner.randomReplicaId());
  }

  /**
   * Opens the store with a clock (tests move time) and a replica id (which names this process in
   * run owners, lock holders and job claims).
   */
  /** The store's clock itself, for what keeps its own times beside the store's (the notifier). */
  public Clock clock() {
    return clock;
  }

  /** The store's clock: what it writes as now, and what judging those times must read. */
  public java.time.Instant now() {
    return clock.instant();
  }

  public static Store open(String url, Clock clock, String replicaId) {
    return new Store(url, clock, Owner.ofThisProcess(replicaId));
  }

  /** Opens the embedded store kept in {@code directory}. */
  public static Store openEmbedded(Path directory) {
    return open(StoreLocation.embeddedUrl(directory));
  }

  public Dialect dialect() {
    return dialect;
  }

  public Owner owner() {
    return owner;
  }

  /** The URL without any password, for messages. */
  public String describe() {
    return Dialect.redact(url);
  }

  public Runs runs() {
    return runs;
  }

  public Plans plans() {
    return plans;
  }

  public Decisions decisions() {
    return decisions;
  }

  public Approvals approvals() {
    return approvals;
  }

  public Outcomes outcomes() {
    return outcomes;
  }

  public AppliedRevisions appliedRevisions() {
    return appliedRevisions;
  }

  public ConvergedResources convergedResources() {
    return convergedResources;
  }

  public MonthlyActivity monthlyActivity() {
    return monthlyActivity;
  }

  public NodeContacts nodeContacts() {
    return nodeContacts;
  }

  public Snoozes snoozes() {
    return snoozes;
  }

  public Journal journal() {
    return journal;
  }

  public Outbox outbox() {
    return outbox;
  }

  public JobQueue jobQueue() {
    return jobQueue;
  }

  public NodeLocks nodeLocks() {
    return nodeLocks;
  }

  /** What scheduled drift checks found, clean checks included. */
  public DriftReports driftReports() {
    return driftReports;
  }

  /** What the services' health checks answered, sampled by serve. */
  public HealthSamples healthSamples() {
    return healthSamples;
  }

  public NotificationEvents notificationEvents() {
    return notificationEvents;
  }

  /** Releases the locks this store holds and closes its connections. */
  @Override
  public void close() {
    try {
      nodeLocks.closeAll();
    } finally {
      dataSource.close();
    }
  }

  private static HikariDataSource pool(String url, Dialect dialect) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setPoolName("trueup-store");
    cfg.setMaximumPoolSize(dialect == Dialect.POSTGRESQL ? 8 : 4);
    cfg.setMinimumIdle(1);
    cfg.setConnectionTimeout(10_000);
    try {
      return new HikariDataSource(cfg);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot open the state store at " + Dialect.redact(url) + ": " + rootMessage(e), e);
    }
  }

  private static void migrate(HikariDataSource dataSource) {
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .failOnMissingLocations(true)
          // A schema newer than this version knows is refused, not ignored: an older trueup
          // must not write into tables whose meaning moved on (restore a backup to go back).
          .ignoreMigrationPatterns(new ValidatePattern[0])
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StoreException("state store migration failed: " + e.getMessage(), e);
    }
  }

  private static String currentSchema(Db db) {
    String schema = db.one("SELECT current_schema()", rs -> rs.getString(1)).orElse(null);
    if (schema == null) {
      throw new StoreException("the store's schema does not exist (see currentSchema in the URL)");
    }
    return schema;
  }

  /** H2's "database may be already in use": another process holds the file's lock. */
  private static final int DATABASE_ALREADY_OPEN = 90020;

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      // The lock error is an SQLException somewhere in the chain, not necessarily the last cause.
      if (c instanceof SQLException s && s.getErrorCode() == DATABASE_ALREADY_OPEN) {
        return "it is in use by another trueup process (the embedded store serves one replica;"
            + " use PostgreSQL for several)";
      }
      t = c;
    }
    return t.getMessage();
  }
}
