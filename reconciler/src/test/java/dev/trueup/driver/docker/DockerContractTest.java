package dev.trueup.driver.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.trueup.driver.docker.model.ContainerAction;
import dev.trueup.driver.docker.model.ContainerChange;
import dev.trueup.driver.docker.model.ContainerDiff;
import dev.trueup.driver.docker.model.ContainerField;
import dev.trueup.driver.docker.model.ContainerHealth;
import dev.trueup.driver.docker.model.ContainerOutcome;
import dev.trueup.driver.docker.model.ContainerPlan;
import dev.trueup.driver.docker.model.DesiredContainer;
import dev.trueup.driver.docker.model.LiveContainer;
import dev.trueup.driver.docker.model.LiveContainers;
import dev.trueup.live.Reachability;
import dev.trueup.model.Connection;
import dev.trueup.model.Node;
import dev.trueup.model.SecretBinding;
import dev.trueup.model.SecretProvider;
import dev.trueup.model.SecretRef;
import dev.trueup.secrets.SecretResolver;
import dev.trueup.testing.RealPart;
import dev.trueup.testing.TestNodes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The docker driver against a real engine: podman's Docker-compatible service of the test lab
 * ({@code lab/engine.sh start}), image {@code localhost/trueup-busybox:1} imported from a local
 * rootfs tarball. Skipped when the engine socket is absent. Every test uses its own node name, and
 * removes every container it made.
 */
class DockerContractTest {

  static final Logger log = LoggerFactory.getLogger(DockerContractTest.class);
  static final String IMAGE = "localhost/trueup-busybox:1";
  static final String SECRET = "hunter2-" + UUID.randomUUID();

  static Path socket() {
    String host =
        System.getenv()
            .getOrDefault("TRUEUP_LAB_DOCKER_HOST", "unix:///run/trueup-lab/podman.sock");
    return Path.of(host.replaceFirst("^unix://", ""));
  }

  static DockerSettings settings() {
    return DockerSettings.defaults()
        .withStopGrace(Duration.ofSeconds(1))
        .withHealth(Duration.ofSeconds(20));
  }

  @BeforeAll
  static void engineIsThere() {
    RealPart.PODMAN.require(Files.exists(socket()));
  }

  @TempDir Path tmp;
  String node;
  EngineConnection engine;
  final ContainerObserver observer = new ContainerObserver();
  ContainerApplier applier;
  Node model;
  final List<String> handMade = new java.util.ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    node = "dk" + UUID.randomUUID().toString().substring(0, 8);
    engine = DockerEngine.open(node, new EngineAddress.Unix(socket()), settings());
    Files.writeString(tmp.resolve("db-password"), SECRET + "\n");
    applier = new ContainerApplier(resolver(tmp));
    model =
        TestNodes.node(
            node,
            new Connection.Local(Optional.empty(), TestNodes.HERE),
            Map.of(
                "db/password",
                new SecretBinding("db/password", "files", "db-password", "node", TestNodes.HERE)));
  }

  static SecretResolver resolver(Path dir) {
    return new SecretResolver(
        Map.of(
            "files",
            new SecretProvider(
                "files", "files", Map.of("directory", dir.toString()), TestNodes.HERE)),
        Map.of());
  }

  @AfterEach
  void cleanUp() {
    if (engine == null) {
      return;
    }
    DockerClient client = engine.client();
    for (Container c :
        client
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(DesiredContainer.NODE, node))
            .exec()) {
      client.removeContainerCmd(c.getId()).withForce(true).exec();
    }
    for (String name : handMade) {
      try {
        client.removeContainerCmd(name).withForce(true).exec();
      } catch (RuntimeException gone) {
        // already removed
      }
    }
    engine.close();
  }

  DesiredContainer container(
      String service,
      List<String> command,
      Map<String, String> env,
      Optional<ContainerHealth> health) {
    return DesiredContainer.build(
        node,
        service + "-" + node,
        IMAGE,
        command,
        env,
        Map.of("DB_PASSWORD", new SecretRef("db/password")),
        List.of("127.0.0.1:" + freePort() + ":8080"),
        List.of(tmp + ":/data:ro"),
        "unless-stopped",
        health,
        Optional.empty());
  }

  static final List<String> SLEEP = List.of("sh", "-c", "touch /tmp/ok; sleep 3600");
  static final Optional<ContainerHealth> OK_CHECK =
      Optional.of(
          new ContainerHealth(
              List.of("CMD-SHELL", "test -f /tmp/ok"),
              Duration.ofMillis(500),
              Duration.ofSeconds(3)));

  LiveContainers observe(DesiredContainer... desired) {
    return observer.observe(
        engine, java.util.Arrays.stream(desired).map(DesiredContainer::name).toList());
  }

  @Test
  void createThenNoDriftFromEngineDefaults() {
    DesiredContainer web = container("web", SLEEP, Map.of("MODE", "prod"), OK_CHECK);
    LiveContainers before = observe(web);
    assertThat(before.reachability()).isInstanceOf(Reachability.Observed.class);
    assertThat(before.managed()).isEmpty();
    ContainerPlan plan = ContainerDiff.diff(List.of(web), before);
    assertThat(plan.changes())
        .singleElement()
        .extracting(ContainerChange::action)
        .isEqualTo(ContainerAction.CREATE);

    long t0 = System.nanoTime();
    ContainerOutcome created = applier.apply(engine, model, plan.changes().get(0), web, before);
    log.info("create + health wait: {} ms", (System.nanoTime() - t0) / 1_000_000);
    assertThat(created.status()).as(created.message()).isEqualTo(ContainerOutcome.Status.APPLIED);

    long t1 = System.nanoTime();
    LiveContainers after = observe(web);
    log.info("observe one container: {} ms", (System.nanoTime() - t1) / 1_000_000);
    LiveContainer live = after.managed().get(web.name());
    assertThat(live.running()).isTrue();
    assertThat(live.labels())
        .containsEntry("dev.trueup.managed", "true")
        .containsEntry("dev.trueup.node", node);
    assertThat(ContainerDiff.fields(web, live)).isEmpty();
    // The secret reached the container, yet the live record holds only a fingerprint.
    assertThat(live.secretFingerprints())
        .containsEntry("DB_PASSWORD", DesiredContainer.fingerprint("DB_PASSWORD", SECRET));
    assertThat(live.env()).doesNotContainKey("DB_PASSWORD");
    assertThat(live.toString() + after + created).doesNotContain(SECRET);
    // A fingerprint of the resolved value agrees too: no drift.
    assertThat(
            ContainerDiff.fields(
                web.withSecretFingerprints(
                    Map.of("DB_PASSWORD", DesiredContainer.fingerprint("DB_PASSWORD", SECRET))),
                live))
        .isEmpty();
  }

  @Test
  void changedEnvImageOrCommandRecreatesAndRemovesThePrevious() {
    DesiredContainer v1 = container("app", SLEEP, Map.of("MODE", "prod"), Optional.empty());
    assertThat(applier.create(engine, model, v1).status())
        .isEqualTo(ContainerOutcome.Status.APPLIED);
    LiveContainers live1 = observe(v1);
    String oldId = live1.managed().get(v1.name()).id();

    DesiredContainer v2 =
        DesiredContainer.build(
            node,
            v1.service(),
            IMAGE,
            List.of("sh", "-c", "sleep 3000"),
            Map.of("MODE", "debug"),
            v1.secretEnv(),
            v1.ports(),
            v1.volumes(),
            v1.restart(),
            v1.health(),
            Optional.empty());
    ContainerPlan plan = ContainerDiff.diff(List.of(v2), live1);
    ContainerChange change = plan.changes().get(0);
    assertThat(change.action()).isEqualTo(ContainerAction.RECREATE);
    assertThat(change.fields())
        .extracting(ContainerField::field)
        .containsExactly("command", "env.MODE");

    long t0 = System.nanoTime();
    ContainerOutcome outcome = applier.apply(engine, model, change, v2, live1);
    log.info("recreate: {} ms", (System.nanoTime() - t0) / 1_000_000);
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(ContainerOutcome.Status.APPLIED);

    LiveContainers live2 = observe(v2);
    assertThat(live2.managed()).containsOnlyKeys(v2.name()); // no "-previous-" left behind
    LiveContainer now = live2.managed().get(v2.name());
    assertThat(now.id()).isNotEqualTo(oldId);
    assertThat(now.env()).containsEntry("MODE", "debug");
    assertThat(ContainerDiff.fields(v2, now)).isEmpty();
  }

  @Test
  void aContainerStoppedByHandIsDriftOnItsStateOnly() {
    DesiredContainer web = container("stopped", SLEEP, Map.of("MODE", "prod"), Optional.empty());
    assertThat(applier.create(engine, model, web).status())
        .isEqualTo(ContainerOutcome.Status.APPLIED);
    LiveContainer live = observe(web).managed().get(web.name());
    engine.client().stopContainerCmd(live.id()).withTimeout(0).exec();
    LiveContainers after = observe(web);
    ContainerPlan plan = ContainerDiff.diff(List.of(web), after);
    assertThat(plan.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.action()).isEqualTo(ContainerAction.RECREATE);
              assertThat(c.fields())
                  .containsExactly(ContainerField.of("state", "running", "stopped"));
            });
    ContainerOutcome outcome = applier.apply(engine, model, plan.changes().get(0), web, after);
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(ContainerOutcome.Status.APPLIED);
    assertThat(ContainerDiff.diff(List.of(web), observe(web)).changes()).isEmpty();
  }

  @Test
  void healthWaitPassesWhenTheCheckSucceeds() {
    DesiredContainer web = container("hw", SLEEP, Map.of(), OK_CHECK);
    long t0 = System.nanoTime();
    ContainerOutcome outcome = applier.create(engine, model, web);
    log.info("create with health check: {} ms", (System.nanoTime() - t0) / 1_000_000);
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(ContainerOutcome.Status.APPLIED);
  }

  @Test
  void theHealthMonitorSamplesEachContainerServiceThatDeclaresACheck() throws Exception {
    java.util.function.BiFunction<String, String, dev.trueup.model.Service> service =
        (name, check) ->
            new dev.trueup.model.Service(
                name,
                "",
                dev.trueup.model.Runtime.CONTAINER,
                Optional.of(dev.trueup.model.value.ImageRef.parse(IMAGE).value()),
                SLEEP,
                List.of(),
                Map.of(),
                List.of(),
                "unless-stopped",
                Optional.empty(),
                Optional.of(
                    new dev.trueup.model.HealthCheck.Command(
                        check, Duration.ofSeconds(1), Duration.ofSeconds(3))),
                TestNodes.HERE);
    String ok = "ok-" + node;
    String failing = "bad-" + node;
    String stopped = "stopped-" + node;
    String missing = "gone-" + node;
    java.util.TreeMap<String, dev.trueup.model.Service> services = new java.util.TreeMap<>();
    services.put(ok, service.apply(ok, "test -f /tmp/ok"));
    services.put(failing, service.apply(failing, "test -f /tmp/ok"));
    services.put(stopped, service.apply(stopped, "true"));
    services.put(missing, service.apply(missing, "true"));
    Node n =
        new Node(
            model.name(),
            "",
            model.environment(),
            List.of(),
            model.connection(),
            services,
            new java.util.TreeMap<>(),
            new java.util.TreeMap<>(),
            new java.util.TreeMap<>(),
            new java.util.TreeMap<>(),
            new java.util.TreeMap<>(model.secrets()),
            model.origins(),
            Optional.of(
                new dev.trueup.model.DockerEndpoint.Socket(socket().toString(), TestNodes.HERE)),
            dev.trueup.model.HostSetup.NONE);
    for (String name : List.of(ok, failing, stopped)) {
      ContainerOutcome created =
          applier.create(engine, n, DesiredContainer.of(n.name(), services.get(name)));
      assertThat(created.status()).as(created.message()).isEqualTo(ContainerOutcome.Status.APPLIED);
    }
    // It was healthy when created; now what its check tests is gone.
    String exec =
        engine
            .client()
            .execCreateCmd("trueup-" + failing) // the engine's name for the service
            .withCmd("rm", "/tmp/ok")
            .withAttachStdout(true)
            .exec()
            .getId();
    engine
        .client()
        .execStartCmd(exec)
        .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<>())
        .awaitCompletion(10, java.util.concurrent.TimeUnit.SECONDS);
    String stoppedId = engine.client().inspectContainerCmd("trueup-" + stopped).exec().getId();
    engine.client().stopContainerCmd(stoppedId).withTimeout(1).exec();
    // The host's own applier: it samples nothing here (no systemd service declares a check).
    dev.trueup.apply.NodeApplier host = new dev.trueup.driver.local.LocalApplier();
    try (NodeEngines engines = new NodeEngines(settings())) {
      List<dev.trueup.apply.HealthAnswer> answers =
          new ContainerApplying(host, engines, applier).healthNow(n);

      Map<String, dev.trueup.apply.HealthAnswer> by = new java.util.TreeMap<>();
      answers.forEach(a -> by.put(a.service(), a));
      assertThat(by).containsOnlyKeys(ok, failing, stopped, missing);
      assertThat(by.get(ok).healthy()).as(by.get(ok).reason().toString()).isTrue();
      assertThat(by.get(failing).healthy()).isFalse();
      assertThat(by.get(failing).reason().orElseThrow())
          .containsAnyOf("check exited with 1", "engine reports the container unhealthy");
      assertThat(by.get(stopped).healthy()).isFalse();
      assertThat(by.get(stopped).reason().orElseThrow()).contains("not running");
      assertThat(by.get(missing).reason().orElseThrow())
          .contains("no container trueup-" + missing + " on the engine");
    }
  }

  @Test
  void failingHealthRollsBackToThePreviousContainer() {
    DesiredContainer v1 = container("rb", SLEEP, Map.of("V", "1"), OK_CHECK);
    assertThat(applier.create(engine, model, v1).status())
        .isEqualTo(ContainerOutcome.Status.APPLIED);
    LiveContainers live1 = observe(v1);
    String oldId = live1.managed().get(v1.name()).id();

    DesiredContainer broken =
        DesiredContainer.build(
            node,
            v1.service(),
            IMAGE,
            List.of("sh", "-c", "sleep 3600"),
            Map.of("V", "2"),
            v1.secretEnv(),
            v1.ports(),
            v1.volumes(),
            v1.restart(),
            v1.health(),
            Optional.empty());
    EngineConnection impatient = engineWith(settings().withHealth(Duration.ofSeconds(3)));
    try {
      long t0 = System.nanoTime();
      ContainerOutcome outcome =
          applier.recreate(impatient, model, broken, live1.managed().get(v1.name()));
      log.info("recreate, unhealthy, rollback: {} ms", (System.nanoTime() - t0) / 1_000_000);
      assertThat(outcome.status())
          .as(outcome.message())
          .isEqualTo(ContainerOutcome.Status.ROLLED_BACK);
      assertThat(outcome.message()).contains("not healthy within 3000 ms").doesNotContain(SECRET);
    } finally {
      impatient.close();
    }
    LiveContainers after = observe(v1);
    assertThat(after.managed()).containsOnlyKeys(v1.name());
    LiveContainer restored = after.managed().get(v1.name());
    assertThat(restored.id()).isEqualTo(oldId);
    assertThat(restored.running()).isTrue();
    assertThat(ContainerDiff.fields(v1, restored)).isEmpty();
  }

  @Test
  void unlabelledContainersAreNeverTouched() {
    DesiredContainer web = container("hand", SLEEP, Map.of(), Optional.empty());
    DockerClient client = engine.client();
    // Made by hand under the very name trueup wants, and one more with trueup's name prefix.
    String sameName =
        client
            .createContainerCmd(IMAGE)
            .withName(web.name())
            .withCmd("sleep", "3600")
            .exec()
            .getId();
    String prefixed =
        client
            .createContainerCmd(IMAGE)
            .withName(web.name() + "-mine")
            .withCmd("sleep", "3600")
            .exec()
            .getId();
    handMade.add(sameName);
    handMade.add(prefixed);

    LiveContainers live = observe(web);
    assertThat(live.managed()).isEmpty();
    assertThat(live.unlabelled()).containsExactly(web.name());
    ContainerPlan plan = ContainerDiff.diff(List.of(web), live);
    assertThat(plan.changes()).isEmpty(); // neither created over it nor deleted
    assertThat(plan.conflicts())
        .singleElement()
        .extracting(ContainerPlan.Conflict::name)
        .isEqualTo(web.name());

    ContainerOutcome forced = applier.create(engine, model, web);
    assertThat(forced.status()).isEqualTo(ContainerOutcome.Status.CONFLICT);
    LiveContainer disguised =
        new LiveContainer(
            prefixed,
            web.name() + "-mine",
            IMAGE,
            List.of(),
            new java.util.TreeMap<>(),
            new java.util.TreeMap<>(),
            List.of(),
            List.of(),
            "no",
            Optional.empty(),
            Optional.empty(),
            new java.util.TreeMap<>(),
            false,
            Optional.empty());
    assertThat(applier.delete(engine, disguised).status())
        .isEqualTo(ContainerOutcome.Status.CONFLICT);

    assertThat(client.inspectContainerCmd(sameName).exec().getName()).isEqualTo("/" + web.name());
    assertThat(client.inspectContainerCmd(prefixed).exec().getId()).isEqualTo(prefixed);
  }

  @Test
  void labelledContainersNoLongerDesiredAreDeleted() {
    DesiredContainer web = container("gone", SLEEP, Map.of(), Optional.empty());
    assertThat(applier.create(engine, model, web).status())
        .isEqualTo(ContainerOutcome.Status.APPLIED);
    LiveContainers live = observe();
    ContainerPlan plan = ContainerDiff.diff(List.of(), live);
    assertThat(plan.changes())
        .singleElement()
        .extracting(ContainerChange::action)
        .isEqualTo(ContainerAction.DELETE);
    long t0 = System.nanoTime();
    ContainerOutcome outcome = applier.apply(engine, model, plan.changes().get(0), null, live);
    log.info("delete (stop with 1 s grace + remove): {} ms", (System.nanoTime() - t0) / 1_000_000);
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(ContainerOutcome.Status.APPLIED);
    assertThat(observe().managed()).isEmpty();
  }

  @Test
  void anAbsentImageThatCannotBePulledFailsFastWithAClearMessage() {
    DesiredContainer web =
        DesiredContainer.build(
            node,
            "nopull",
            "localhost/trueup-absent-" + node + ":1",
            SLEEP,
            Map.of(),
            Map.of(),
            List.of(),
            List.of(),
            "no",
            Optional.empty(),
            Optional.empty());
    long t0 = System.nanoTime();
    ContainerOutcome outcome = applier.create(engine, model, web);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    log.info("refused pull: {} ms: {}", ms, outcome.message());
    assertThat(outcome.status()).isEqualTo(ContainerOutcome.Status.FAILED);
    assertThat(outcome.message()).contains("is not on the engine and cannot be pulled");
    assertThat(ms).isLessThan(10_000);
  }

  @Test
  void aMissingSecretFailsTheCreateWithoutCreatingAnything() throws Exception {
    DesiredContainer web = container("nosecret", SLEEP, Map.of(), Optional.empty());
    ContainerApplier noSecrets =
        new ContainerApplier(resolver(Files.createDirectories(tmp.resolve("empty"))));
    ContainerOutcome outcome = noSecrets.create(engine, model, web);
    assertThat(outcome.status()).isEqualTo(ContainerOutcome.Status.FAILED);
    assertThat(outcome.message()).contains("db/password");
    assertThat(observe(web).managed()).isEmpty();
  }

  EngineConnection engineWith(DockerSettings s) {
    try {
      return DockerEngine.open(node, new EngineAddress.Unix(socket()), s);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
