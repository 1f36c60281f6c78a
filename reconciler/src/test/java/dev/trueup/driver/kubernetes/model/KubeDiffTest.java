package dev.trueup.driver.kubernetes.model;

import static dev.trueup.driver.kubernetes.model.KubeFixtures.NODE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KubeDiffTest {

  private final Deployment desired = Workloads.deployment(NODE, KubeFixtures.web("nginx:1.27.0"));

  /** What an API server gives back: defaults, status, server metadata, another's label. */
  private Deployment asServed(Deployment d) {
    return new DeploymentBuilder(d)
        .editMetadata()
        .withUid("1234")
        .withResourceVersion("42")
        .withGeneration(3L)
        .addToLabels("team", "web")
        .addToAnnotations("deployment.kubernetes.io/revision", "3")
        .endMetadata()
        .editSpec()
        .withRevisionHistoryLimit(10)
        .editTemplate()
        .editSpec()
        .withRestartPolicy("Always")
        .editFirstContainer()
        .withImagePullPolicy("IfNotPresent")
        .withTerminationMessagePath("/dev/termination-log")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .withNewStatus()
        .withReplicas(1)
        .endStatus()
        .build();
  }

  private static LiveNamespace live(Set<String> autoscaled, HasMetadata... objects) {
    TreeMap<ObjectKey, HasMetadata> map = new TreeMap<>();
    for (HasMetadata o : objects) {
      map.put(ObjectKey.of(o), o);
    }
    return new LiveNamespace(NODE, map, autoscaled);
  }

  private List<KubeChange> diff(HasMetadata want, HasMetadata have, Set<String> autoscaled) {
    return KubeDiff.diff(DesiredNamespace.of(NODE, List.of(want)), live(autoscaled, have));
  }

  @Test
  void serverDefaultsStatusAndForeignMetadataAreNotDrift() {
    assertThat(diff(desired, asServed(desired), Set.of())).isEmpty();
  }

  @Test
  void replicasAreTrueupsUnlessAnAutoscalerTargetsTheDeployment() {
    Deployment scaled =
        new DeploymentBuilder(asServed(desired)).editSpec().withReplicas(4).endSpec().build();
    assertThat(diff(desired, scaled, Set.of()))
        .singleElement()
        .satisfies(
            c -> assertThat(c.fields()).containsExactly(KubeField.of("spec.replicas", "1", "4")));
    assertThat(diff(desired, scaled, Set.of("web"))).isEmpty();
  }

  @Test
  void anExtraEnvironmentVariableIsDriftButAnInjectedSidecarIsNot() {
    Deployment extraEnv =
        new DeploymentBuilder(asServed(desired))
            .editSpec()
            .editTemplate()
            .editSpec()
            .editFirstContainer()
            .addToEnv(new EnvVar("DEBUG", "1", null))
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    assertThat(diff(desired, extraEnv, Set.of()).get(0).fields())
        .containsExactly(
            KubeField.of(
                "spec.template.spec.containers[web].env[DEBUG]", null, "{name=DEBUG, value=1}"));
    Deployment sidecar =
        new DeploymentBuilder(asServed(desired))
            .editSpec()
            .editTemplate()
            .editSpec()
            .addToContainers(
                new ContainerBuilder().withName("mesh-proxy").withImage("proxy:1").build())
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    assertThat(diff(desired, sidecar, Set.of())).isEmpty();
  }

  @Test
  void onlyLabelledObjectsOfThisNodeAreDeleted() {
    var mine =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("old")
            .withLabels(Labels.owned(NODE))
            .endMetadata()
            .build();
    var anotherNodes =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("other")
            .withLabels(Labels.owned("kube-staging"))
            .endMetadata()
            .build();
    var unlabelled =
        new ConfigMapBuilder().withNewMetadata().withName("plain").endMetadata().build();
    List<KubeChange> changes =
        KubeDiff.diff(
            DesiredNamespace.of(NODE, List.of()), live(Set.of(), mine, anotherNodes, unlabelled));
    assertThat(changes)
        .containsExactly(
            new KubeChange(
                new ObjectKey(KubeKind.CONFIG_MAP, "old"), KubeChange.Action.DELETE, List.of()));
  }

  @Test
  void aSecretShowsAsChangedNeverAsValues() {
    Secret planned =
        Workloads.secret(NODE, KubeFixtures.web("nginx:1.27.0", KubeFixtures.WITH_SECRET))
            .orElseThrow();
    Secret applied =
        SecretMaterializer.materialize(
            planned, r -> dev.trueup.secrets.SecretValue.of("old-value"));
    Secret observed = new SecretBuilder(applied).withData(null).build();
    // The plan carries references only: the live fingerprint is not compared, nothing changes.
    assertThat(diff(planned, observed, Set.of())).isEmpty();
    // The applier's own check, with values resolved: "changed", no value.
    Secret rotated =
        SecretMaterializer.materialize(
            planned, r -> dev.trueup.secrets.SecretValue.of("new-value"));
    List<KubeField> fields = KubeDiff.fields(rotated, observed);
    assertThat(fields).containsExactly(KubeField.of("data", "changed", "changed"));
    assertThat(fields.toString()).doesNotContain("new-value").doesNotContain("old-value");
    // A changed reference is shown: it is not secret.
    Secret moved =
        new SecretBuilder(planned)
            .editMetadata()
            .addToAnnotations(Labels.SECRET_REFS, "DB_PASSWORD=db/other")
            .endMetadata()
            .build();
    assertThat(KubeDiff.fields(moved, observed))
        .containsExactly(
            KubeField.of(
                "metadata.annotations.dev.trueup/secret-refs",
                "DB_PASSWORD=db/other",
                "DB_PASSWORD=db/password"));
  }
}
