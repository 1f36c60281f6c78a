package dev.trueup.driver.kubernetes.model;

import static dev.trueup.driver.kubernetes.model.KubeFixtures.NODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.model.Node;
import dev.trueup.model.cron.CronDialect;
import dev.trueup.testing.fixtures.Nodes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeBuildersTest {

  @Test
  void aServiceBecomesALabelledDeploymentAndService() {
    var web = KubeFixtures.web("nginx:1.27.0", KubeFixtures.WITH_SECRET);
    Deployment d = Workloads.deployment(NODE, web);
    assertThat(d.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "trueup")
        .containsEntry("dev.trueup/node", NODE);
    var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("nginx:1.27.0");
    assertThat(c.getEnv()).hasSize(2);
    var secretVar = c.getEnv().stream().filter(e -> e.getName().equals("DB_PASSWORD")).findFirst();
    assertThat(secretVar.orElseThrow().getValue()).isNull();
    assertThat(secretVar.get().getValueFrom().getSecretKeyRef().getName()).isEqualTo("web-secrets");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    var svc = Workloads.service(NODE, web).orElseThrow();
    assertThat(svc.getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
    assertThat(svc.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(80);
    assertThat(svc.getMetadata().getLabels()).containsEntry("dev.trueup/node", NODE);
  }

  @Test
  void thePlannedSecretCarriesReferencesNeverValues() {
    Secret s =
        Workloads.secret(NODE, KubeFixtures.web("nginx:1.27.0", KubeFixtures.WITH_SECRET))
            .orElseThrow();
    assertThat(s.getData()).isNullOrEmpty();
    assertThat(s.getStringData()).isNullOrEmpty();
    assertThat(s.getMetadata().getAnnotations())
        .containsEntry(Labels.SECRET_REFS, "DB_PASSWORD=db/password")
        .doesNotContainKey(Labels.SECRET_FINGERPRINT);
    Secret filled =
        SecretMaterializer.materialize(s, ref -> dev.trueup.secrets.SecretValue.of("pw"));
    assertThat(filled.getData()).containsEntry("DB_PASSWORD", "cHc=");
    assertThat(SecretMaterializer.fingerprint(filled)).startsWith("sha256:");
    assertThat(Workloads.secret(NODE, KubeFixtures.web("nginx:1.27.0"))).isEmpty();
  }

  @Test
  void aScheduleBecomesACronJobInItsTimeZone() {
    Node node =
        Nodes.node(NODE)
            .schedule("backup", "0 2 * * 0", CronDialect.CRON, "Europe/Berlin", "/opt/backup.sh")
            .build();
    CronJob job = CronJobs.cronJob(NODE, node.schedules().get("backup"), "busybox:1.36");
    assertThat(job.getSpec().getSchedule()).isEqualTo("0 2 * * 0");
    assertThat(job.getSpec().getTimeZone()).isEqualTo("Europe/Berlin");
    assertThat(job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers())
        .singleElement()
        .satisfies(
            c -> assertThat(c.getCommand()).containsExactly("/bin/sh", "-c", "/opt/backup.sh"));
    assertThat(job.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "trueup");
    assertThat(CronJobs.timeZone("x", ZoneId.of("UTC"))).isEqualTo("Etc/UTC");
  }

  @Test
  void systemdSchedulesAndFixedOffsetsAreRefusedClearly() {
    Node node =
        Nodes.node(NODE)
            .schedule("nightly", "*-*-* 02:00:00", CronDialect.SYSTEMD, "UTC", "/opt/n.sh")
            .build();
    assertThatThrownBy(() -> CronJobs.cronJob(NODE, node.schedules().get("nightly"), "busybox"))
        .isInstanceOf(NotRepresentable.class)
        .hasMessageContaining("schedule 'nightly'")
        .hasMessageContaining("systemd dialect");
    assertThatThrownBy(() -> CronJobs.timeZone("nightly", ZoneOffset.ofHours(2)))
        .isInstanceOf(NotRepresentable.class)
        .hasMessageContaining("tz database name");
  }

  @Test
  void aFileBecomesAConfigMapWithTextOrBinaryData() {
    Node node = Nodes.node(NODE).file("/etc/aurora/app.env", "X=1\n", "0640").build();
    var file = node.files().get("/etc/aurora/app.env");
    ConfigMap text = FileConfigMaps.configMap(NODE, file, "X=1\n".getBytes(StandardCharsets.UTF_8));
    assertThat(text.getMetadata().getName()).startsWith("file-etc-aurora-app-env-");
    assertThat(text.getData()).containsEntry("app.env", "X=1\n");
    assertThat(text.getMetadata().getAnnotations())
        .containsEntry(Labels.FILE_PATH, "/etc/aurora/app.env")
        .containsEntry(Labels.FILE_MODE, "0640");
    ConfigMap binary = FileConfigMaps.configMap(NODE, file, new byte[] {(byte) 0xff, 0});
    assertThat(binary.getBinaryData()).containsEntry("app.env", "/wA=");
    assertThat(FileConfigMaps.name("/etc/A.env")).isNotEqualTo(FileConfigMaps.name("/etc/a-env"));
  }

  @Test
  void alertThresholdsBecomeOnePrometheusRule() {
    Node node = Nodes.node(NODE).alert("cpu_percent", 80, 95, Duration.ofMinutes(5)).build();
    GenericKubernetesResource rule =
        PrometheusRules.prometheusRule(NODE, List.copyOf(node.alerts().values())).orElseThrow();
    assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.getKind()).isEqualTo("PrometheusRule");
    @SuppressWarnings("unchecked")
    var groups = (List<Map<String, Object>>) ((Map<String, Object>) rule.get("spec")).get("groups");
    @SuppressWarnings("unchecked")
    var rules = (List<Map<String, Object>>) groups.get(0).get("rules");
    assertThat(rules)
        .extracting(r -> r.get("alert"))
        .containsExactly("cpu_percent_high", "cpu_percent_critical");
    assertThat((String) rules.get(0).get("expr")).endsWith(" > 80");
    assertThat(rules.get(0)).containsEntry("for", "5m");
    assertThat(PrometheusRules.prometheusRule(NODE, List.of())).isEmpty();
  }

  @Test
  void aSystemdServiceIsNotRepresentable() {
    Node node = Nodes.node(NODE).systemdService("worker", "worker.service", Map.of()).build();
    assertThatThrownBy(() -> Workloads.deployment(NODE, node.services().get("worker")))
        .isInstanceOf(NotRepresentable.class)
        .hasMessageContaining("service 'worker'");
  }
}
