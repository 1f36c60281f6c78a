package dev.trueup.driver.kubernetes;

import static dev.trueup.driver.kubernetes.model.KubeFixtures.NAMESPACE;
import static dev.trueup.driver.kubernetes.model.KubeFixtures.NODE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.driver.kubernetes.model.ConflictPolicy;
import dev.trueup.driver.kubernetes.model.DesiredNamespace;
import dev.trueup.driver.kubernetes.model.KubeChange;
import dev.trueup.driver.kubernetes.model.KubeDiff;
import dev.trueup.driver.kubernetes.model.KubeFixtures;
import dev.trueup.driver.kubernetes.model.KubeOutcome;
import dev.trueup.driver.kubernetes.model.LiveNamespace;
import dev.trueup.driver.kubernetes.model.ObjectKey;
import dev.trueup.driver.kubernetes.model.PrometheusRules;
import dev.trueup.driver.kubernetes.model.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Server-side apply at the request level, in the mock server's expectations mode. fabric8's mock
 * server cannot perform server-side apply (it has no field ownership), so these tests assert what
 * trueup sends and how it reads the answers a real API server documents; real SSA semantics are not
 * exercised here.
 */
@EnableKubernetesMockClient(https = false)
class KubeServerSideApplyTest {
  // Instance fields: a fresh mock server for every test, with no expectation or recorded request
  // of another test.
  KubernetesClient client;
  KubernetesMockServer server;

  private static final String PATH = "/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments/web";

  private final Deployment desired = Workloads.deployment(NODE, KubeFixtures.web("nginx:1.27.0"));

  @Test
  void appliesAsFieldManagerTrueupWithoutForceByDefault() throws Exception {
    server.expect().patch().withPath(PATH + "?fieldManager=trueup").andReturn(200, desired).once();

    List<KubeOutcome> outcomes = applyOne(ConflictPolicy.REPORT);

    assertThat(outcomes)
        .containsExactly(new KubeOutcome.Applied(ObjectKey.of(desired), KubeChange.Action.CREATE));
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("PATCH");
    assertThat(request.getPath()).isEqualTo(PATH + "?fieldManager=trueup");
    assertThat(request.getPath()).doesNotContain("force=true");
    assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
    assertThat(request.getUtf8Body())
        .contains("\"kind\":\"Deployment\"")
        .contains("\"image\":\"nginx:1.27.0\"")
        .contains("\"app.kubernetes.io/managed-by\":\"trueup\"")
        .contains("\"dev.trueup/node\":\"kube-prod\"");
  }

  @Test
  void forcesOnlyWhenThePolicySaysSo() throws Exception {
    server
        .expect()
        .patch()
        .withPath(PATH + "?fieldManager=trueup&force=true")
        .andReturn(200, desired)
        .once();

    List<KubeOutcome> outcomes = applyOne(ConflictPolicy.FORCE);

    assertThat(outcomes).hasOnlyElementsOfType(KubeOutcome.Applied.class);
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getPath()).isEqualTo(PATH + "?fieldManager=trueup&force=true");
    assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
  }

  @Test
  void aConflictIsReportedNamingTheOtherManagerAndNothingIsForced() throws Exception {
    Status conflict =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(409)
            .withReason("Conflict")
            .withMessage(
                "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1:"
                    + " .spec.template.spec.containers[name=\"web\"].image")
            .withNewDetails()
            .withName("web")
            .withGroup("apps")
            .withKind("deployments")
            .addNewCause()
            .withReason("FieldManagerConflict")
            .withMessage("conflict with \"kubectl-edit\" using apps/v1")
            .withField(".spec.template.spec.containers[name=\"web\"].image")
            .endCause()
            .endDetails()
            .build();
    server.expect().patch().withPath(PATH + "?fieldManager=trueup").andReturn(409, conflict).once();

    List<KubeOutcome> outcomes = applyOne(ConflictPolicy.REPORT);

    assertThat(outcomes).hasSize(1);
    KubeOutcome.Conflict c = (KubeOutcome.Conflict) outcomes.get(0);
    assertThat(c.managers()).containsExactly("kubectl-edit");
    assertThat(c.fields()).containsExactly(".spec.template.spec.containers[name=\"web\"].image");
    assertThat(c.message())
        .contains("Deployment/web")
        .contains("kubectl-edit")
        .contains("FORCE conflict policy");
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getPath()).doesNotContain("force=true");
    // Each request was answered before apply returned, so the count is final: no forced retry.
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void thePrometheusRuleIsAppliedWithoutDiscovery() throws Exception {
    HasMetadata rule =
        PrometheusRules.prometheusRule(
                NODE,
                List.of(
                    new dev.trueup.model.AlertRule(
                        "cpu_percent",
                        new java.util.TreeMap<>(Map.of(dev.trueup.model.AlertLevel.HIGH, 80.0)),
                        dev.trueup.model.AlertDirection.ABOVE,
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        dev.trueup.testing.fixtures.Nodes.at("n.yaml", 3))))
            .orElseThrow();
    String path =
        "/apis/monitoring.coreos.com/v1/namespaces/"
            + NAMESPACE
            + "/prometheusrules/trueup-"
            + NODE;
    server.expect().patch().withPath(path + "?fieldManager=trueup").andReturn(200, rule).once();

    KubeWriter.serverSideApply().write(client, NAMESPACE, rule, false);

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getPath()).isEqualTo(path + "?fieldManager=trueup");
    assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
    assertThat(request.getUtf8Body()).contains("\"alert\":\"cpu_percent_high\"");
  }

  private List<KubeOutcome> applyOne(ConflictPolicy policy) {
    DesiredNamespace want = DesiredNamespace.of(NODE, List.of(desired));
    LiveNamespace live = new LiveNamespace(NODE, new java.util.TreeMap<>(), java.util.Set.of());
    return new KubeApplier(client, NAMESPACE, KubeWriter.serverSideApply())
        .apply(
            want,
            live,
            KubeDiff.diff(want, live),
            ref -> {
              throw new AssertionError("no secret here");
            },
            policy);
  }
}
