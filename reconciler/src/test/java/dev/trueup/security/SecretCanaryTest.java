package dev.trueup.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.OutputStreamAppender;
import dev.trueup.cli.CliRunner;
import dev.trueup.store.StoreLocation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A known secret value flows from a files provider into a real container's environment through
 * plan, apply, their text/JSON/Markdown output, every log line at TRACE and every row of the store
 * — and a search of every one of those sinks finds it nowhere. (The metrics endpoint joins this
 * list with the long-running reconciler.)
 */
class SecretCanaryTest {
  static final Path SOCKET = Path.of("/run/trueup-lab/podman.sock");
  private static final String CANARY = "CANARY-" + UUID.randomUUID();

  @TempDir Path repo;
  @TempDir Path secrets;
  @TempDir Path sandbox;
  @TempDir Path store;
  @TempDir Path metricsStore;
  private String service;
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender;
  private Level rootLevel;

  @BeforeEach
  void fleet() throws Exception {
    assumeTrue(Files.exists(SOCKET), "no engine socket at " + SOCKET + " (lab/engine.sh start)");
    service = "canary-" + UUID.randomUUID().toString().substring(0, 8);
    Files.writeString(secrets.resolve("db-password"), CANARY + "\n");
    Files.createDirectories(repo.resolve("nodes"));
    Files.createDirectories(repo.resolve("services"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: canary
        environments: [development, production]
        secretProviders:
          files: {type: files, directory: %s}
        secrets:
          db/password: {provider: files, key: db-password}
        """
            .formatted(secrets));
    Files.writeString(
        repo.resolve("services/" + service + ".yaml"),
        """
        service: %s
        runtime: container
        image: localhost/trueup-busybox:1
        command: ["sh", "-c", "sleep 3600"]
        env:
          DB_PASSWORD: {secret: db/password}
        """
            .formatted(service));
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        """
        node: box
        environment: development
        connection: {driver: local, root: %s}
        docker: {socket: %s}
        services:
          %s: {}
        """
            .formatted(sandbox, SOCKET, service));
    captureAllLogsAtTrace();
  }

  /**
   * The production logging configuration (src/main/resources/logback.xml), then TRACE everywhere.
   */
  private void captureAllLogsAtTrace() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    ch.qos.logback.classic.joran.JoranConfigurator joran =
        new ch.qos.logback.classic.joran.JoranConfigurator();
    joran.setContext(context);
    joran.doConfigure(getClass().getResource("/logback.xml"));
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %logger %msg %ex%n");
    encoder.start();
    appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(logs);
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.TRACE);
    for (Logger l : context.getLoggerList()) {
      if (l.getLevel() != null) {
        l.setLevel(Level.TRACE);
      }
    }
  }

  @AfterEach
  void restore() throws Exception {
    if (appender == null) {
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAppender(appender);
    root.setLevel(rootLevel);
    context.reset();
    new ch.qos.logback.classic.util.ContextInitializer(context).autoConfig();
    new ProcessBuilder(
            "sh",
            "-c",
            "curl -s -X DELETE --unix-socket "
                + SOCKET
                + " 'http://d/v1.41/containers/trueup-"
                + service
                + "?force=1' >/dev/null")
        .start()
        .waitFor(30, TimeUnit.SECONDS);
  }

  @Test
  void theSecretValueAppearsInNoSink() throws Exception {
    StringBuilder sinks = new StringBuilder();
    for (String format : new String[] {"text", "json", "markdown"}) {
      var plan =
          CliRunner.run(
              "plan", "--repo", repo.toString(), "-o", format, "--store", store.toString());
      sinks.append(plan.out()).append(plan.err());
    }
    Path saved = repo.resolve("plan.json");
    CliRunner.run(
        "plan", "--repo", repo.toString(), "--out", saved.toString(), "--store", store.toString());
    sinks.append(Files.readString(saved));
    sinks.append(metricsOfARun()); // a run that only plans (nothing approved): changes counted
    var apply = CliRunner.run("apply", "--repo", repo.toString(), "--store", store.toString());
    assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
    sinks.append(apply.out()).append(apply.err());
    var again =
        CliRunner.run("plan", "--repo", repo.toString(), "-o", "json", "--store", store.toString());
    sinks.append(again.out()).append(again.err());

    // The value really flowed: the container holds it.
    assertThat(containerEnvironment()).contains("DB_PASSWORD=" + CANARY);

    sinks.append(logs.toString(StandardCharsets.UTF_8));
    sinks.append(storeDump());
    assertThat(logs.size()).as("TRACE logging captured something").isPositive();
    assertThat(sinks.toString()).doesNotContain(CANARY).contains("db/password");
  }

  /** What /metrics would serve after a run over this fleet (changes, classes, verdicts, nodes). */
  private String metricsOfARun() throws Exception {
    try (dev.trueup.store.Store s = dev.trueup.store.Store.openEmbedded(metricsStore)) {
      dev.trueup.engine.ApplyRun run =
          new dev.trueup.engine.ApplyPipeline(
                  new dev.trueup.validate.Validator(),
                  state -> dev.trueup.engine.Drivers.standard(state),
                  s,
                  dev.trueup.engine.Progress.NONE)
              .run(
                  repo,
                  new dev.trueup.engine.ApplyPipeline.Options(
                      dev.trueup.plan.Selection.all(),
                      true,
                      false,
                      java.util.Optional.empty(),
                      1,
                      dev.trueup.apply.Rollout.FailureThreshold.none()));
      dev.trueup.server.TrueupMetrics metrics = new dev.trueup.server.TrueupMetrics();
      metrics.record(run, java.time.Duration.ofSeconds(1));
      String scraped = metrics.scrape();
      assertThat(scraped).contains("trueup_changes_total");
      return scraped;
    }
  }

  private String containerEnvironment() throws Exception {
    Process p =
        new ProcessBuilder(
                "curl",
                "-s",
                "--unix-socket",
                SOCKET.toString(),
                "http://d/v1.41/containers/trueup-" + service + "/json")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  /** Every row of every table, as H2's own SQL dump. */
  private String storeDump() throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = DriverManager.getConnection(StoreLocation.embeddedUrl(store));
        ResultSet rs = c.createStatement().executeQuery("SCRIPT")) {
      while (rs.next()) {
        out.append(rs.getString(1)).append('\n');
      }
    }
    assertThat(out).contains("INSERT INTO");
    return out.toString();
  }
}
