package dev.trueup.driver.kubernetes;

import static dev.trueup.driver.kubernetes.model.KubeFixtures.NAMESPACE;
import static dev.trueup.driver.kubernetes.model.KubeFixtures.NODE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.driver.kubernetes.model.ConflictPolicy;
import dev.trueup.driver.kubernetes.model.DesiredNamespace;
import dev.trueup.driver.kubernetes.model.KubeChange;
import dev.trueup.driver.kubernetes.model.KubeDiff;
import dev.trueup.driver.kubernetes.model.KubeField;
import dev.trueup.driver.kubernetes.model.KubeFixtures;
import dev.trueup.driver.kubernetes.model.KubeKind;
import dev.trueup.driver.kubernetes.model.KubeOutcome;
import dev.trueup.driver.kubernetes.model.LiveNamespace;
import dev.trueup.driver.kubernetes.model.ObjectKey;
import dev.trueup.driver.kubernetes.model.SecretMaterializer;
import dev.trueup.driver.kubernetes.model.Workloads;
import dev.trueup.model.SecretRef;
import dev.trueup.secrets.SecretValue;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Observe, create, update, delete and no-drift-after-apply against fabric8's mock server in CRUD
 * mode, the stand-in for an API server (none can run here). The mock cannot do server-side apply,
 * so these tests write through {@link KubeWriter#createOrUpdate()} behind the same applier.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubeCrudTest {
  // An instance field: fabric8 starts a fresh mock server (an empty namespace) for each test,
  // where a static one would share one across the class and make the tests depend on order.
  KubernetesClient client;

  private final Map<String, String> values =
      new java.util.HashMap<>(Map.of("db/password", "s3cr3t"));
  private final Function<SecretRef, SecretValue> secrets =
      ref -> SecretValue.of(values.get(ref.name()));

  private DesiredNamespace desired(String image) {
    List<HasMetadata> objects = new ArrayList<>();
    var web = KubeFixtures.web(image, KubeFixtures.WITH_SECRET);
    objects.add(Workloads.deployment(NODE, web));
    objects.add(Workloads.service(NODE, web).orElseThrow());
    objects.add(Workloads.secret(NODE, web).orElseThrow());
    return DesiredNamespace.of(NODE, objects);
  }

  private List<KubeOutcome> reconcile(DesiredNamespace want) {
    LiveNamespace live = observe();
    return new KubeApplier(client, NAMESPACE, KubeWriter.createOrUpdate())
        .apply(want, live, KubeDiff.diff(want, live), secrets, ConflictPolicy.REPORT);
  }

  private LiveNamespace observe() {
    return new KubeObserver(client, NAMESPACE).observe(NODE);
  }

  @Test
  void createsEverythingThenSeesNoDrift() {
    DesiredNamespace want = desired("nginx:1.27.0");
    List<KubeChange> first = KubeDiff.diff(want, observe());
    assertThat(first)
        .extracting(KubeChange::action)
        .containsOnly(KubeChange.Action.CREATE)
        .hasSize(3);

    assertThat(reconcile(want)).hasOnlyElementsOfType(KubeOutcome.Applied.class).hasSize(3);

    LiveNamespace live = observe();
    assertThat(live.objects()).hasSize(3);
    assertThat(KubeDiff.diff(want, live)).isEmpty();
    Secret secret = client.secrets().inNamespace(NAMESPACE).withName("web-secrets").get();
    assertThat(
            new String(
                Base64.getDecoder().decode(secret.getData().get("DB_PASSWORD")),
                StandardCharsets.UTF_8))
        .isEqualTo("s3cr3t");
    // What the observer keeps of a Secret has no data: it cannot leak into a diff or a report.
    Secret observed = (Secret) live.objects().get(new ObjectKey(KubeKind.SECRET, "web-secrets"));
    assertThat(observed.getData()).isNullOrEmpty();
    assertThat(SecretMaterializer.fingerprint(observed)).startsWith("sha256:");
  }

  @Test
  void anImageChangeIsOneFieldAndIsApplied() {
    reconcile(desired("nginx:1.27.0"));
    DesiredNamespace next = desired("nginx:1.27.1");

    List<KubeChange> changes = KubeDiff.diff(next, observe());

    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).key()).isEqualTo(new ObjectKey(KubeKind.DEPLOYMENT, "web"));
    assertThat(changes.get(0).fields())
        .containsExactly(
            KubeField.of(
                "spec.template.spec.containers[web].image", "nginx:1.27.1", "nginx:1.27.0"));
    reconcile(next);
    assertThat(KubeDiff.diff(next, observe())).isEmpty();
  }

  @Test
  void aRotatedSecretIsRewrittenWithoutShowingAValue() {
    reconcile(desired("nginx:1.27.0"));
    String before =
        SecretMaterializer.fingerprint(
            client.secrets().inNamespace(NAMESPACE).withName("web-secrets").get());
    values.put("db/password", "n3w");

    List<KubeOutcome> outcomes = reconcile(desired("nginx:1.27.0"));

    assertThat(outcomes)
        .containsExactly(
            new KubeOutcome.Applied(
                new ObjectKey(KubeKind.SECRET, "web-secrets"), KubeChange.Action.UPDATE));
    assertThat(outcomes.toString()).doesNotContain("n3w").doesNotContain("s3cr3t");
    Secret after = client.secrets().inNamespace(NAMESPACE).withName("web-secrets").get();
    assertThat(SecretMaterializer.fingerprint(after)).isNotEqualTo(before);
    assertThat(reconcile(desired("nginx:1.27.0"))).isEmpty();
  }

  @Test
  void deletesOnlyLabelledObjectsNoLongerDesired() {
    reconcile(desired("nginx:1.27.0"));
    client
        .configMaps()
        .inNamespace(NAMESPACE)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("someone-elses")
                .endMetadata()
                .withData(Map.of("k", "v"))
                .build())
        .create();

    DesiredNamespace none = DesiredNamespace.of(NODE, List.of());
    List<KubeChange> changes = KubeDiff.diff(none, observe());
    assertThat(changes)
        .extracting(KubeChange::action)
        .containsOnly(KubeChange.Action.DELETE)
        .hasSize(3);
    assertThat(reconcile(none)).hasOnlyElementsOfType(KubeOutcome.Applied.class).hasSize(3);

    assertThat(observe().objects()).isEmpty();
    assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("web").get()).isNull();
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName("someone-elses").get())
        .isNotNull();
  }

  @Test
  void replicasOwnedByAnAutoscalerCauseNoDrift() {
    reconcile(desired("nginx:1.27.0"));
    client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(NAMESPACE)
        .resource(
            new HorizontalPodAutoscalerBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withMinReplicas(2)
                .withMaxReplicas(5)
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName("web")
                .endScaleTargetRef()
                .endSpec()
                .build())
        .create();
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName("web")
        .edit(
            d ->
                new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(d)
                    .editSpec()
                    .withReplicas(4)
                    .endSpec()
                    .build());

    assertThat(KubeDiff.diff(desired("nginx:1.27.0"), observe())).isEmpty();
  }

  @Test
  void replicasChangedOutOfBandAreDriftWithoutAnAutoscaler() {
    reconcile(desired("nginx:1.27.0"));
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName("web")
        .edit(
            d ->
                new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(d)
                    .editSpec()
                    .withReplicas(3)
                    .endSpec()
                    .build());

    List<KubeChange> changes = KubeDiff.diff(desired("nginx:1.27.0"), observe());

    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).fields()).containsExactly(KubeField.of("spec.replicas", "1", "3"));
    reconcile(desired("nginx:1.27.0"));
    Deployment d = client.apps().deployments().inNamespace(NAMESPACE).withName("web").get();
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
  }
}
