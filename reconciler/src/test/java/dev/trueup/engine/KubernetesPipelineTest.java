package dev.trueup.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.apply.ChangeResult;
import dev.trueup.apply.InMemoryJournal;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.backend.Differ;
import dev.trueup.backend.Renderer;
import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.driver.docker.DockerSettings;
import dev.trueup.driver.kubernetes.KubeClientFactory;
import dev.trueup.driver.kubernetes.KubeWriter;
import dev.trueup.driver.kubernetes.KubernetesApplying;
import dev.trueup.driver.kubernetes.KubernetesDriver;
import dev.trueup.driver.kubernetes.model.ConflictPolicy;
import dev.trueup.driver.kubernetes.model.KubeKind;
import dev.trueup.live.Reachability;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.model.SecretRef;
import dev.trueup.plan.NodePlan;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Selection;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.RepoFiles;
import dev.trueup.render.ResourceKind;
import dev.trueup.report.Palette;
import dev.trueup.report.PlanJson;
import dev.trueup.report.PlanMarkdown;
import dev.trueup.report.PlanText;
import dev.trueup.secrets.SecretResolver;
import dev.trueup.store.Store;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.validate.Validator;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kubernetes node through the whole pipeline, against fabric8's mock API server in CRUD mode (the
 * stand-in for a cluster: none can run here). The mock cannot do server-side apply, so the drivers
 * write through {@link Drivers.KubernetesWrites#MOCK_CREATE_OR_UPDATE}.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesPipelineTest {
  // An instance field: a fresh mock server, so an empty namespace, for every test.
  KubernetesClient client;

  @TempDir Path repo;
  @TempDir Path storeDir;
  private Store store;
  private Git git;
  private Path kubeconfig;

  @BeforeEach
  void fleet() throws Exception {
    store = Store.openEmbedded(storeDir);
    git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
    client
        .genericKubernetesResources(KubeKind.PROMETHEUS_RULE.definition())
        .inNamespace("aurora")
        .delete();
    client
        .secrets()
        .inNamespace("aurora")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("upstream")
                .endMetadata()
                .addToData(
                    "password",
                    Base64.getEncoder()
                        .encodeToString("from-the-cluster".getBytes(StandardCharsets.UTF_8)))
                .build())
        .createOr(op -> op.update());
    kubeconfig = repo.resolve("kube/mock.kubeconfig");
    Files.createDirectories(kubeconfig.getParent());
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: mock
            cluster: {server: "%s"}
        contexts:
          - name: mock
            context: {cluster: mock, user: tester}
        users:
          - name: tester
            user: {token: not-a-secret}
        current-context: mock
        """
            .formatted(client.getConfiguration().getMasterUrl()));
    Files.createDirectories(repo.resolve("nodes"));
    Files.createDirectories(repo.resolve("services"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: kube
        environments: [development, staging, production]
        secretProviders:
          k8s: {type: kubernetes, context: mock, namespace: aurora, kubeconfig: %s}
        secrets:
          db/password: {provider: k8s, key: upstream/password}
        """
            .formatted(kubeconfig));
    Files.writeString(
        repo.resolve("services/web.yaml"),
        """
        service: web
        runtime: container
        image: nginx:1.27.0
        ports: ["8080:80"]
        env:
          MODE: demo
          DB_PASSWORD: {secret: db/password}
        """);
    Files.writeString(
        repo.resolve("nodes/cluster.yaml"),
        """
        node: cluster
        environment: development
        connection: {driver: kubernetes, context: mock, namespace: aurora, kubeconfig: kube/mock.kubeconfig}
        services:
          web: {}
        schedules:
          cleanup: {cron: "0 * * * *", timezone: UTC, command: /bin/true}
        files:
          /etc/app/app.conf: {content: "port=8080\\n", mode: "0644"}
        alerts:
          cpu_percent: {high: 80, critical: 95}
        """);
    git.add().addFilepattern(".").call();
    git.commit()
        .setMessage("a kubernetes node")
        .setAuthor("dev", "dev@example.org")
        .setCommitter("dev", "dev@example.org")
        .setSign(false)
        .call();
  }

  @AfterEach
  void close() {
    store.close();
    git.close();
  }

  private static Drivers drivers(DesiredState state) {
    return Drivers.standard(
        state, DockerSettings.defaults(), Drivers.KubernetesWrites.MOCK_CREATE_OR_UPDATE);
  }

  private Plan plan() {
    PlanRun run =
        new PlanPipeline(
                new Validator(),
                KubernetesPipelineTest::drivers,
                2,
                Progress.NONE,
                new StoreHistory(store))
            .run(repo, Selection.all());
    assertThat(run.validation().valid()).as(run.validation().toString()).isTrue();
    return run.plan().orElseThrow();
  }

  private static List<Change> changes(Plan plan) {
    return plan.nodes().stream().map(NodePlan::changes).flatMap(List::stream).toList();
  }

  @Test
  void plansAppliesAndThenSeesNoChanges() {
    Plan first = plan();
    NodePlan node = first.nodes().get(0);
    assertThat(node.reachability()).isInstanceOf(Reachability.Observed.class);
    assertThat(changes(first))
        .allSatisfy(
            c -> {
              assertThat(c.kind()).isEqualTo(ResourceKind.KUBERNETES_OBJECT);
              assertThat(c.action()).isEqualTo(Action.CREATE);
            })
        .extracting(Change::id)
        .contains(
            "Deployment/web",
            "Service/web",
            "Secret/web-secrets",
            "CronJob/cleanup",
            "PrometheusRule/trueup-cluster");
    assertThat(changes(first)).anySatisfy(c -> assertThat(c.id()).startsWith("ConfigMap/"));
    String text = PlanText.render(PlanJson.tree(first), Palette.PLAIN);
    String json = PlanJson.write(first);
    String markdown = PlanMarkdown.render(PlanJson.tree(first));
    for (String shown : List.of(text, json, markdown)) {
      assertThat(shown).contains("Deployment/web").doesNotContain("from-the-cluster");
    }

    var run =
        new ApplyPipeline(new Validator(), KubernetesPipelineTest::drivers, store, Progress.NONE)
            .run(repo, ApplyPipeline.Options.everything(2));
    assertThat(run.failed()).as(run.toString()).isFalse();
    NodeApplyResult result = run.nodes().get(0);
    assertThat(result.changes())
        .as(result.toString())
        .extracting(ChangeResult::status)
        .containsOnly(ChangeResult.Status.APPLIED);
    assertThat(client.apps().deployments().inNamespace("aurora").withName("web").get()).isNotNull();
    var secret = client.secrets().inNamespace("aurora").withName("web-secrets").get();
    assertThat(
            new String(
                Base64.getDecoder().decode(secret.getData().get("DB_PASSWORD")),
                StandardCharsets.UTF_8))
        .isEqualTo("from-the-cluster");

    Plan again = plan();
    assertThat(changes(again)).as(PlanJson.write(again)).isEmpty();
  }

  @Test
  void aConflictFailsThatObjectsChangeNamingTheOtherManagerAndTheRestGoThrough() {
    DesiredState state = new Validator().validate(repo).state().orElseThrow();
    Node node = state.nodes().get("cluster");
    DesiredNode desired = new Renderer(RepoFiles.directory(repo)).render(node, state);
    KubeWriter mock = KubeWriter.createOrUpdate();
    KubeWriter conflictOnDeployments =
        (c, namespace, object, force) -> {
          assertThat(force).as("never forced").isFalse();
          if (object.getKind().equals("Deployment")) {
            throw new KubernetesClientException(
                new StatusBuilder()
                    .withStatus("Failure")
                    .withCode(409)
                    .withReason("Conflict")
                    .withMessage(
                        "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using"
                            + " apps/v1: .spec.template.spec.containers[name=\"web\"].image")
                    .build());
          }
          return mock.write(c, namespace, object, force);
        };
    KubernetesDriver driver =
        new KubernetesDriver(
            new KubeClientFactory(
                KubeClientFactory.CONNECT_TIMEOUT, KubeClientFactory.REQUEST_TIMEOUT, true),
            host -> Optional.empty(),
            conflictOnDeployments,
            ConflictPolicy.REPORT);
    List<Change> planned = Differ.diff(desired, driver.observe(node, Renderer.request(desired)));
    NodeApplyResult result =
        new KubernetesApplying(driver, SecretResolver.of(state.secretProviders(), driver))
            .apply(node, desired, planned, new InMemoryJournal());
    assertThat(result.outcome()).isEqualTo(NodeApplyResult.Outcome.FAILED);
    assertThat(result.changes())
        .filteredOn(r -> r.id().equals("Deployment/web"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(ChangeResult.Status.FAILED);
              assertThat(r.reason().orElseThrow()).contains("kubectl-edit", "not forced");
            });
    assertThat(result.changes())
        .filteredOn(r -> !r.id().equals("Deployment/web"))
        .extracting(ChangeResult::status)
        .containsOnly(ChangeResult.Status.APPLIED);
  }

  @Test
  void theKubernetesSecretProviderReadsAMockSecret() {
    DesiredState state = new Validator().validate(repo).state().orElseThrow();
    Node node = state.nodes().get("cluster");
    SecretResolver resolver =
        SecretResolver.of(
            state.secretProviders(), KubernetesDriver.forTests(host -> Optional.empty()));
    assertThat(resolver.resolve(node, new SecretRef("db/password")).revealBytes())
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("from-the-cluster");
  }

  @Test
  void aDocumentationAddressIsReportedUnreachableBeforeAnyRequest() throws Exception {
    Files.writeString(
        kubeconfig,
        Files.readString(kubeconfig).replaceAll("http://[^\"]+", "https://192.0.2.50:6443"));
    NodePlan node = plan().nodes().get(0);
    assertThat(node.reachability())
        .isInstanceOfSatisfying(
            Reachability.Unreachable.class,
            u -> assertThat(u.reason()).contains("documentation address"));
  }

  @Test
  void theExampleFleetsKubernetesNodeIsPlannedUnreachableAtItsDocumentationAddress() {
    PlanRun run =
        new PlanPipeline(new Validator(), Drivers::standard, 2, Progress.NONE)
            .run(
                ProjectRoot.resolve("desired-state"),
                Selection.of(Set.of("aurora-k8s"), Set.of(), Set.of()));
    assertThat(run.validation().valid()).as(run.validation().toString()).isTrue();
    assertThat(run.rendered().get("aurora-k8s").resources())
        .extracting(r -> r.id())
        .contains("Deployment/redis", "Deployment/chat-backend", "Secret/redis-secrets");
    Plan plan = run.plan().orElseThrow();
    assertThat(plan.nodes())
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.reachability())
                    .isInstanceOfSatisfying(
                        Reachability.Unreachable.class,
                        u ->
                            assertThat(u.reason())
                                .contains("192.0.2.50", "documentation address")));
    assertThat(PlanText.render(PlanJson.tree(plan), Palette.PLAIN)).contains("aurora-k8s");
  }

  @Test
  void anExecCredentialIsRefusedAndNamedAsSuch() throws Exception {
    Files.writeString(
        kubeconfig,
        Files.readString(kubeconfig)
            .replace(
                "user: {token: not-a-secret}",
                "user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: get-token}}"));
    NodePlan node = plan().nodes().get(0);
    assertThat(node.reachability())
        .isInstanceOfSatisfying(
            Reachability.Unreachable.class,
            u -> assertThat(u.reason()).contains("exec credential plugin"));
  }
}
