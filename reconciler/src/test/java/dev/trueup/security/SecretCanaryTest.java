package dev.trueup.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.OutputStreamAppender;
import com.sun.net.httpserver.HttpServer;
import dev.trueup.cli.CliRunner;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.secrets.SecretDigest;
import dev.trueup.store.StoreLocation;
import dev.trueup.testing.EchoingEngine;
import dev.trueup.testing.EnvironmentFiles;
import dev.trueup.testing.Lab;
import dev.trueup.testing.RealPart;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Known secret values — with quotes, backslashes, non-ASCII letters, spaces, {@code '} and {@code
 * $}, one longer than 200 characters — flow from a files provider into a container's environment
 * through plan, apply, their text/JSON/Markdown output, every log line at TRACE, every row of the
 * store, {@code history show} and the alerts {@code notify --deliver} sends; a search of every one
 * of those sinks finds none of them, in no escaped form, and no 8-character start of one. Once on
 * the real engine (the container really holds the values), once on an engine that refuses the
 * create and echoes the request in its error (the values really reached it).
 */
class SecretCanaryTest {
  static final Path SOCKET = Path.of("/run/trueup-lab/podman.sock");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonMapper ASCII =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  @TempDir Path repo;
  @TempDir Path secrets;
  @TempDir Path sandbox;
  @TempDir Path store;
  @TempDir Path metricsStore;
  @TempDir Path sockets;
  private String service;

  /** Variable -> value; every value starts "CANARY-" and holds random markers between its parts. */
  private final Map<String, String> values = new LinkedHashMap<>();

  /** Markers: pieces of the values that occur nowhere else, so a leak in any form shows. */
  private final List<String> markers = new ArrayList<>();

  private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
  private HttpServer receiver;
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender;
  private Level rootLevel;

  @BeforeEach
  void secretsAndReceiver() throws Exception {
    service = "canary-" + UUID.randomUUID().toString().substring(0, 8);
    StringBuilder tail = new StringBuilder();
    for (int i = 0; i < 14; i++) {
      tail.append(marker()).append('-');
    }
    values.put(
        "A_LONG",
        "CANARY-" + marker() + " it's $HOME \"q\" b\\s " + tail + "é" + marker()); // > 200
    values.put("B_QUOTE", "CANARY-" + marker() + "\"q\\b" + marker());
    values.put("C_ACCENT", "CANARY-" + marker() + "-é-ü-" + marker());
    values.put("D_SHELL", "CANARY-" + marker() + " it's $PATH `x` " + marker());
    assertThat(values.get("A_LONG")).hasSizeGreaterThan(200);
    for (Map.Entry<String, String> e : values.entrySet()) {
      Files.writeString(secrets.resolve(e.getKey().toLowerCase()), e.getValue() + "\n");
    }
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          delivered.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    receiver.start();
    captureAllLogsAtTrace();
  }

  private String marker() {
    byte[] b = new byte[6];
    ThreadLocalRandom.current().nextBytes(b);
    String m = HexFormat.of().formatHex(b);
    markers.add(m);
    return m;
  }

  /** The fleet: one container service with the four secrets, on one local node's engine. */
  private void fleet(Path engineSocket) throws Exception {
    fleet(
        """
        runtime: container
        image: localhost/trueup-busybox:1
        command: ["sh", "-c", "sleep 3600"]
        """,
        "connection: {driver: local, root: %s}\ndocker: {socket: %s}"
            .formatted(sandbox, engineSocket));
  }

  /**
   * The fleet: {@code runtime} lines of the service, {@code node} lines (its connection) of the
   * node, and bindings of more secrets (a lab node's key).
   */
  private void fleet(String runtime, String node) throws Exception {
    fleet(runtime, node, "", "");
  }

  private void fleet(String runtime, String node, String moreProviders, String moreBindings)
      throws Exception {
    Files.createDirectories(repo.resolve("nodes"));
    Files.createDirectories(repo.resolve("services"));
    StringBuilder bindings = new StringBuilder();
    StringBuilder env = new StringBuilder();
    for (String key : values.keySet()) {
      String name = "db/" + key.toLowerCase().replace('_', '-');
      bindings.append("  %s: {provider: files, key: %s}\n".formatted(name, key.toLowerCase()));
      env.append("  %s: {secret: %s}\n".formatted(key, name));
    }
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: canary
        environments: [development, production]
        secretProviders:
          files: {type: files, directory: %s}
        %s
        secrets:
        %s
        %s
        notifications:
          channels:
            hook: {type: slack, url: "http://127.0.0.1:%d/hook"}
          routes:
            critical: [hook]
            high: [hook]
        """
            .formatted(
                secrets,
                moreProviders,
                bindings.toString().stripTrailing(),
                moreBindings,
                receiver.getAddress().getPort()));
    Files.writeString(
        repo.resolve("services/" + service + ".yaml"),
        """
        service: %s
        %s
        env:
        %s
        """
            .formatted(service, runtime.stripTrailing(), env.toString().stripTrailing()));
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        """
        node: box
        environment: development
        %s
        services:
          %s: {}
        """
            .formatted(node.stripTrailing(), service));
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
    if (receiver != null) {
      receiver.stop(0);
    }
    if (appender == null) {
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAppender(appender);
    root.setLevel(rootLevel);
    context.reset();
    new ch.qos.logback.classic.util.ContextInitializer(context).autoConfig();
    if (Files.exists(SOCKET)) {
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
  }

  @Test
  void theSecretValuesAppearInNoSink() throws Exception {
    RealPart.PODMAN.require(Files.exists(SOCKET));
    fleet(SOCKET);
    StringBuilder sinks = new StringBuilder();
    plans(sinks);
    sinks.append(metricsOfARun()); // a run that only plans (nothing approved): changes counted
    var apply = CliRunner.run("apply", "--repo", repo.toString(), "--store", store.toString());
    assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
    sinks.append(apply.out()).append(apply.err());
    var again =
        CliRunner.run("plan", "--repo", repo.toString(), "-o", "json", "--store", store.toString());
    sinks.append(again.out()).append(again.err());

    // The values really flowed: the container holds them.
    assertThat(containerEnvironment())
        .containsAll(values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());

    afterTheRun(sinks);
    assertThat(sinks).as("references are shown").contains("db/a-long");
    assertFoundNowhere(sinks.toString());
  }

  @Test
  void anEngineEchoingTheRequestInItsErrorLeaksNothing() throws Exception {
    try (EchoingEngine engine = EchoingEngine.start(sockets.resolve("engine.sock"), 300)) {
      fleet(engine.socket());
      StringBuilder sinks = new StringBuilder();
      plans(sinks);
      var apply = CliRunner.run("apply", "--repo", repo.toString(), "--store", store.toString());
      sinks.append(apply.out()).append(apply.err());
      assertThat(apply.exit()).as(apply.out() + apply.err()).isEqualTo(1);

      // The values reached the engine, and its error came back to trueup.
      assertThat(engine.creates()).hasSize(1);
      JsonNode sent = JSON.readTree(engine.creates().get(0));
      List<String> env = new ArrayList<>();
      sent.path("Env").forEach(e -> env.add(e.asString()));
      assertThat(env)
          .containsAll(
              values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
      assertThat(apply.out()).contains("rejected env A_LONG=[secret]");

      afterTheRun(sinks);
      assertThat(delivered).as("the failure alert was delivered").isNotEmpty();
      assertThat(String.join("\n", delivered)).contains("rejected env");
      assertFoundNowhere(sinks.toString());
    }
  }

  @Test
  void aSystemdServicesSecretsAreSubstitutedIntoItsEnvironmentFileOnly() throws Exception {
    fleet(
        """
        runtime: systemd
        systemd: {unit: %s.service, exec: /usr/bin/true}
        """
            .formatted(service),
        "connection: {driver: local, root: %s}".formatted(sandbox));
    StringBuilder sinks = new StringBuilder();
    plans(sinks);
    var apply = CliRunner.run("apply", "--repo", repo.toString(), "--store", store.toString());
    assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
    sinks.append(apply.out()).append(apply.err());

    // On the node: the values, readable by the owner only, as the unit's EnvironmentFile= reads.
    Path envFile = sandbox.resolve("etc/trueup/env/" + service + ".service.env");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(envFile)))
        .isEqualTo("rw-------");
    for (Map.Entry<String, String> e : values.entrySet()) {
      assertThat(EnvironmentFiles.sourced(envFile, e.getKey()))
          .as(e.getKey())
          .isEqualTo(e.getValue());
    }

    // The next plan finds the file as desired: nothing to do.
    var again =
        CliRunner.run("plan", "--repo", repo.toString(), "-o", "json", "--store", store.toString());
    sinks.append(again.out()).append(again.err());
    assertThat(again.out()).doesNotContain("/etc/trueup/env/");

    afterTheRun(sinks);
    assertFoundNowhere(sinks.toString());
  }

  @Test
  void aSecretFileHoldsTheValueOnTheNodeAndNowhereElse() throws Exception {
    fleet(
        """
        runtime: systemd
        systemd: {unit: %s.service, exec: /usr/bin/true}
        """
            .formatted(service),
        """
        connection: {driver: local, root: %s}
        files:
          /etc/app/tls.key: {content: {secret: db/a-long}}
          /etc/app/api.key: {content: {secret: db/d-shell}, mode: "0640"}
        """
            .formatted(sandbox));
    StringBuilder sinks = new StringBuilder();
    plans(sinks);
    var apply = CliRunner.run("apply", "--repo", repo.toString(), "--store", store.toString());
    assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
    sinks.append(apply.out()).append(apply.err());

    // On the node: exactly the value, 0600 unless desired state says otherwise.
    Path key = sandbox.resolve("etc/app/tls.key");
    assertThat(Files.readString(key)).isEqualTo(values.get("A_LONG"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    Path api = sandbox.resolve("etc/app/api.key");
    assertThat(Files.readString(api)).isEqualTo(values.get("D_SHELL"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(api)))
        .isEqualTo("rw-r-----");

    // The next plan finds both files holding their secrets: nothing to do.
    var again =
        CliRunner.run("plan", "--repo", repo.toString(), "-o", "json", "--store", store.toString());
    sinks.append(again.out()).append(again.err());
    // (The sandbox has no systemd: the service's unit is a note, so the plan exits 1 either way.)
    assertThat(again.out()).doesNotContain("/etc/app/");

    // Edited by hand: the plan says the secret changed, with keyed digest prefixes of both sides
    // (the test run's TRUEUP_DIGEST_KEY), never the value or its plain hash.
    Files.writeString(key, "edited by hand\n");
    var drifted =
        CliRunner.run("plan", "--repo", repo.toString(), "-o", "json", "--store", store.toString());
    sinks.append(drifted.out()).append(drifted.err());
    SecretDigest digest = SecretDigest.installation();
    String wanted =
        digest.of(DesiredFile.sha256(values.get("A_LONG").getBytes(UTF_8))).orElseThrow();
    String found = digest.of(DesiredFile.sha256("edited by hand\n".getBytes(UTF_8))).orElseThrow();
    assertThat(drifted.out())
        .contains("/etc/app/tls.key")
        .contains("secret " + wanted)
        .contains("secret " + found)
        .contains("keyed digest prefixes shown, never the value")
        .doesNotContain(DesiredFile.sha256(values.get("A_LONG").getBytes(UTF_8)).substring(0, 12))
        .doesNotContain("edited by hand")
        .doesNotContain("/etc/app/api.key");
    var reverted = CliRunner.run("apply", "--repo", repo.toString(), "--store", store.toString());
    assertThat(reverted.exit()).as(reverted.out() + reverted.err()).isZero();
    sinks.append(reverted.out()).append(reverted.err());
    assertThat(Files.readString(key)).isEqualTo(values.get("A_LONG"));

    afterTheRun(sinks);
    assertFoundNowhere(sinks.toString());
  }

  @Test
  void onAnSshNodeTheEnvironmentFileHoldsTheValuesReadableByRootOnly() throws Exception {
    List<Lab.LabNode> lab = Lab.nodes().orElse(List.of());
    RealPart.LAB_SSH.require(lab.size() >= 3);
    Lab.LabNode n = lab.get(2);
    Path key = n.identityFile();
    fleet(
        """
        runtime: systemd
        systemd: {unit: %s.service, exec: /usr/bin/true}
        """
            .formatted(service),
        "connection: {driver: ssh, host: %s, port: %d, user: %s, sudo: true, hostKeys: [\"%s\"],"
                .formatted(n.host(), n.port(), n.user(), n.hostKey())
            + " identity: {secret: ssh/lab-key}}",
        "  lab: {type: files, directory: %s}".formatted(key.getParent()),
        "  ssh/lab-key: {provider: lab, key: %s}".formatted(key.getFileName()));
    String path = "/etc/trueup/env/" + service + ".service.env";
    try {
      StringBuilder sinks = new StringBuilder();
      plans(sinks);
      var apply = CliRunner.run("apply", "--repo", repo.toString(), "--store", store.toString());
      assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
      sinks.append(apply.out()).append(apply.err());

      assertThat(Lab.rootShell(n, "stat -c '%a %U' '" + path + "'\n").strip())
          .isEqualTo("600 root");
      for (Map.Entry<String, String> e : values.entrySet()) {
        String b64 =
            Lab.rootShell(
                n, "set -a; . '" + path + "'; printf '%s' \"$" + e.getKey() + "\" | base64 -w0\n");
        assertThat(new String(Base64.getDecoder().decode(b64.strip()), StandardCharsets.UTF_8))
            .as(e.getKey())
            .isEqualTo(e.getValue());
      }
      var again =
          CliRunner.run(
              "plan", "--repo", repo.toString(), "-o", "json", "--store", store.toString());
      sinks.append(again.out()).append(again.err());
      assertThat(again.out()).doesNotContain("/etc/trueup/env/");

      afterTheRun(sinks);
      assertFoundNowhere(sinks.toString());
    } finally {
      Lab.rootShell(n, "rm -f '" + path + "'\n");
    }
  }

  private void plans(StringBuilder sinks) throws Exception {
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
  }

  /** History of every run (list and show, text and JSON), delivered alerts, logs, the store. */
  private void afterTheRun(StringBuilder sinks) throws Exception {
    String s = store.toString();
    for (String format : new String[] {"text", "json"}) {
      var list = CliRunner.run("history", "-o", format, "--store", s);
      sinks.append(list.out()).append(list.err());
      for (long id : runIds()) {
        var show = CliRunner.run("history", "show", Long.toString(id), "-o", format, "--store", s);
        assertThat(show.exit()).as(show.err()).isZero();
        sinks.append(show.out()).append(show.err());
      }
    }
    var notify = CliRunner.run("notify", "--deliver", "--repo", repo.toString(), "--store", s);
    sinks.append(notify.out()).append(notify.err());
    sinks.append(String.join("\n", delivered));
    sinks.append(logs.toString(StandardCharsets.UTF_8));
    sinks.append(storeDump());
    assertThat(logs.size()).as("TRACE logging captured something").isPositive();
  }

  /** No value, in no form, not its first 8 characters, not one of its markers. */
  private void assertFoundNowhere(String sinks) {
    for (String value : values.values()) {
      for (String form : forms(value)) {
        assertThat(sinks).as("a form of a secret").doesNotContain(form);
      }
      assertThat(sinks).as("the start of a secret").doesNotContain(value.substring(0, 8));
    }
    for (String marker : markers) {
      assertThat(sinks).as("a piece of a secret").doesNotContain(marker);
    }
  }

  private static List<String> forms(String value) {
    String json = JSON.writeValueAsString(value);
    String ascii = ASCII.writeValueAsString(value);
    String url = URLEncoder.encode(value, StandardCharsets.UTF_8);
    return List.of(
        value,
        json.substring(1, json.length() - 1),
        ascii.substring(1, ascii.length() - 1),
        url,
        url.replace("+", "%20"),
        value.replace("'", "'\\''"));
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

  /** The container's environment as the engine reports it. */
  private List<String> containerEnvironment() throws Exception {
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
    List<String> env = new ArrayList<>();
    JSON.readTree(out).path("Config").path("Env").forEach(e -> env.add(e.asString()));
    return env;
  }

  private List<Long> runIds() throws Exception {
    List<Long> ids = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(StoreLocation.embeddedUrl(store));
        ResultSet rs = c.createStatement().executeQuery("SELECT id FROM runs ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    assertThat(ids).isNotEmpty();
    return ids;
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
