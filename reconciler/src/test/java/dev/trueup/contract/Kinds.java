package dev.trueup.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contract's table: every resource kind, on the back ends that have it. A new kind is one row
 * here; the contract runs it on each back end named in its row.
 */
final class Kinds {
  private Kinds() {}

  private static final Set<Where> HOSTS = EnumSet.of(Where.LOCAL, Where.SSH);
  private static final Set<Where> ENGINE = EnumSet.of(Where.DOCKER);
  private static final Set<Where> CLUSTER = EnumSet.of(Where.KUBERNETES);
  private static final Set<Where> ROOT_HOST = EnumSet.of(Where.SSH);

  /** Busybox's sh ignores SIGTERM as PID 1; this one ends at once, so a recreate takes no grace. */
  private static String container(String service) {
    return """
    service: %s
    runtime: container
    image: localhost/trueup-busybox:1
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
    """
        .formatted(service);
  }

  /** The value of the secret the secret-file row writes (from Fleet's own provider). */
  static final String SECRET_VALUE = "contract-secret-value-7f3a";

  static final List<Kind> TABLE =
      List.of(
          new Kind(
              "file (a secret's value)",
              HOSTS,
              Map.of(
                  "secrets",
                  List.of("contract/key: {provider: contract-secret, key: contract-key}"),
                  "files",
                  List.of("/etc/contract/secret.key: {content: {secret: contract/key}}")),
              Map.of(),
              List.of("create file /etc/contract/secret.key"),
              hands -> hands.shell("printf 'edited by hand' > \"$ROOT/etc/contract/secret.key\""),
              // The value is never in a plan: its content field holds keyed digests only (the
              // test run's TRUEUP_DIGEST_KEY), and the canary tests check that on every sink.
              List.of("update file /etc/contract/secret.key: content"),
              // Files outside the managed directories are never deleted.
              List.of(),
              hands ->
                  hands.shell(
                      "test \"$(cat \"$ROOT/etc/contract/secret.key\")\" = "
                          + SECRET_VALUE
                          + " && test \"$(stat -c %a \"$ROOT/etc/contract/secret.key\")\" = 600")),
          new Kind(
              "directory",
              HOSTS,
              Map.of("directories", List.of("/etc/contract: {mode: \"0755\"}")),
              Map.of(),
              List.of("create directory /etc/contract"),
              hands -> hands.shell("chmod 0777 \"$ROOT/etc/contract\""),
              List.of("update directory /etc/contract: mode"),
              // Directories are never deleted (docs/drivers.md, "Deletion rule").
              List.of(),
              hands -> hands.shell("test -d \"$ROOT/etc/contract\"")),
          new Kind(
              "file (inline content)",
              HOSTS,
              Map.of(
                  "files",
                  List.of("/etc/contract/role: {content: \"contract\\n\", mode: \"0644\"}")),
              Map.of(),
              List.of("create file /etc/contract/role"),
              hands -> hands.shell("printf 'edited by hand\\n' > \"$ROOT/etc/contract/role\""),
              List.of("update file /etc/contract/role: content"),
              // Files outside the managed directories are never deleted.
              List.of(),
              hands -> hands.shell("test -f \"$ROOT/etc/contract/role\"")),
          new Kind(
              "file (template)",
              HOSTS,
              Map.of(
                  "files",
                  List.of(
                      "/etc/contract/app.conf: {template: contract.conf.ftl, mode: \"0640\","
                          + " vars: {port: 8000}}")),
              Map.of("templates/contract.conf.ftl", "port=${vars.port}\n"),
              List.of("create file /etc/contract/app.conf"),
              hands -> hands.shell("chmod 0666 \"$ROOT/etc/contract/app.conf\""),
              List.of("update file /etc/contract/app.conf: mode"),
              List.of(),
              hands -> hands.shell("grep -qx 'port=8000' \"$ROOT/etc/contract/app.conf\"")),
          new Kind(
              "file (replaced by a directory by hand)",
              HOSTS,
              Map.of("files", List.of("/etc/contract/flag: {content: \"on\\n\", mode: \"0644\"}")),
              Map.of(),
              List.of("create file /etc/contract/flag"),
              hands ->
                  hands.shell(
                      "rm \"$ROOT/etc/contract/flag\" && mkdir \"$ROOT/etc/contract/flag\""),
              List.of("replace file /etc/contract/flag"),
              List.of(),
              hands -> hands.shell("grep -qx on \"$ROOT/etc/contract/flag\"")),
          new Kind(
              // A sandboxed local node runs unprivileged: ownership is neither set nor compared.
              "file (owner and group)",
              ROOT_HOST,
              Map.of(
                  "files",
                  List.of(
                      "/etc/contract/owned: {content: \"x\\n\", mode: \"0640\", owner: root,"
                          + " group: root}")),
              Map.of(),
              List.of("create file /etc/contract/owned"),
              hands -> hands.shell("chown nobody:nogroup \"$ROOT/etc/contract/owned\""),
              List.of("update file /etc/contract/owned: owner, group"),
              List.of(),
              hands -> hands.shell("test \"$(stat -c %U:%G /etc/contract/owned)\" = root:root")),
          new Kind(
              "file (source)",
              HOSTS,
              Map.of(
                  "files",
                  List.of("/etc/contract/motd: {source: contract-motd.txt, mode: \"0644\"}")),
              Map.of("files/contract-motd.txt", "welcome to the contract\n"),
              List.of("create file /etc/contract/motd"),
              hands -> hands.shell("rm \"$ROOT/etc/contract/motd\""),
              List.of("create file /etc/contract/motd"),
              List.of(),
              hands -> hands.shell("test -f \"$ROOT/etc/contract/motd\"")),
          new Kind(
              "schedule (cron)",
              HOSTS,
              Map.of(
                  "schedules",
                  List.of(
                      "contract-nightly: {cron: \"0 3 * * *\", timezone: UTC, command:"
                          + " /bin/true}")),
              Map.of(),
              List.of("create schedule /etc/cron.d/trueup-contract-nightly"),
              hands ->
                  hands.shell(
                      "sed -i 's|/bin/true|/bin/false|'"
                          + " \"$ROOT/etc/cron.d/trueup-contract-nightly\""),
              List.of("update schedule /etc/cron.d/trueup-contract-nightly: content"),
              List.of("delete schedule /etc/cron.d/trueup-contract-nightly"),
              hands -> hands.shell("! test -e \"$ROOT/etc/cron.d/trueup-contract-nightly\"")),
          new Kind(
              "alert rules",
              HOSTS,
              Map.of("alerts", List.of("cpu_percent: {high: 80, critical: 95}")),
              Map.of(),
              List.of(
                  "create directory /etc/prometheus/rules",
                  "create alert_rules /etc/prometheus/rules/trueup-{node}.yml"),
              hands -> hands.shell("rm \"$ROOT/etc/prometheus/rules/trueup-$NODE.yml\""),
              List.of("create alert_rules /etc/prometheus/rules/trueup-{node}.yml"),
              // The rules file goes; the directory, like every directory, stays.
              List.of("delete alert_rules /etc/prometheus/rules/trueup-{node}.yml"),
              hands -> hands.shell("test -d \"$ROOT/etc/prometheus/rules\"")),
          new Kind(
              "container (stopped by hand)",
              ENGINE,
              Map.of("services", List.of("contract-stopped: {}")),
              Map.of("services/contract-stopped.yaml", container("contract-stopped")),
              List.of("create container trueup-contract-stopped"),
              hands -> hands.engine().stop("trueup-contract-stopped"),
              List.of("update container trueup-contract-stopped: state"),
              List.of("delete container trueup-contract-stopped"),
              hands -> assertThat(hands.engine().exists("trueup-contract-stopped")).isFalse()),
          new Kind(
              "container (removed by hand)",
              ENGINE,
              Map.of("services", List.of("contract-removed: {}")),
              Map.of("services/contract-removed.yaml", container("contract-removed")),
              List.of("create container trueup-contract-removed"),
              hands -> hands.engine().remove("trueup-contract-removed"),
              List.of("create container trueup-contract-removed"),
              List.of("delete container trueup-contract-removed"),
              hands -> assertThat(hands.engine().exists("trueup-contract-removed")).isFalse()),
          new Kind(
              "container service (Deployment + Service)",
              CLUSTER,
              Map.of("services", List.of("contract-web: {}")),
              Map.of(
                  "services/contract-web.yaml",
                  """
                  service: contract-web
                  runtime: container
                  image: nginx:1.27.0
                  ports: ["8080:80"]
                  env: {MODE: contract}
                  """),
              List.of(
                  "create kubernetes_object Deployment/contract-web",
                  "create kubernetes_object Service/contract-web"),
              hands -> {
                var deployments =
                    hands.cluster().apps().deployments().inNamespace(hands.namespace());
                Deployment d = deployments.withName("contract-web").get();
                d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.27.1");
                deployments.resource(d).update();
                hands
                    .cluster()
                    .services()
                    .inNamespace(hands.namespace())
                    .withName("contract-web")
                    .delete();
              },
              List.of(
                  "update kubernetes_object Deployment/contract-web:"
                      + " spec.template.spec.containers[contract-web].image",
                  "create kubernetes_object Service/contract-web"),
              List.of(
                  "delete kubernetes_object Deployment/contract-web",
                  "delete kubernetes_object Service/contract-web"),
              hands -> {
                assertThat(
                        hands
                            .cluster()
                            .apps()
                            .deployments()
                            .inNamespace(hands.namespace())
                            .list()
                            .getItems())
                    .isEmpty();
                assertThat(
                        hands.cluster().services().inNamespace(hands.namespace()).list().getItems())
                    .isEmpty();
              }),
          new Kind(
              "container service (an environment variable added by hand)",
              CLUSTER,
              Map.of("services", List.of("contract-api: {}")),
              Map.of(
                  "services/contract-api.yaml",
                  """
                  service: contract-api
                  runtime: container
                  image: nginx:1.27.0
                  env: {MODE: contract}
                  """),
              List.of("create kubernetes_object Deployment/contract-api"),
              hands -> {
                var deployments =
                    hands.cluster().apps().deployments().inNamespace(hands.namespace());
                Deployment d = deployments.withName("contract-api").get();
                d.getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getEnv()
                    .add(new EnvVar("DEBUG", "1", null));
                deployments.resource(d).update();
              },
              List.of(
                  "update kubernetes_object Deployment/contract-api:"
                      + " spec.template.spec.containers[contract-api].env[DEBUG]"),
              List.of("delete kubernetes_object Deployment/contract-api"),
              Kind.NOTHING_LEFT),
          new Kind(
              "secret references (Secret), a value edited by hand",
              CLUSTER,
              Map.of(
                  "services",
                  List.of("contract-db: {}"),
                  "secrets",
                  List.of("contract/password: {provider: contract-files, key: password}")),
              Map.of(
                  "services/contract-db.yaml",
                  """
                  service: contract-db
                  runtime: container
                  image: postgres:16.4
                  env:
                    POSTGRES_PASSWORD: {secret: contract/password}
                  """),
              List.of(
                  "create kubernetes_object Deployment/contract-db",
                  "create kubernetes_object Secret/contract-db-secrets"),
              hands -> {
                var secrets = hands.cluster().secrets().inNamespace(hands.namespace());
                Secret s = secrets.withName("contract-db-secrets").get();
                s.getData()
                    .put(
                        "POSTGRES_PASSWORD",
                        Base64.getEncoder()
                            .encodeToString("set by hand".getBytes(StandardCharsets.UTF_8)));
                secrets.resource(s).update();
              },
              List.of("update kubernetes_object Secret/contract-db-secrets: data"),
              List.of(
                  "delete kubernetes_object Deployment/contract-db",
                  "delete kubernetes_object Secret/contract-db-secrets"),
              Kind.NOTHING_LEFT),
          new Kind(
              "schedule (CronJob)",
              CLUSTER,
              Map.of(
                  "schedules",
                  List.of(
                      "contract-nightly: {cron: \"0 3 * * *\", timezone: UTC, command:"
                          + " /bin/true}")),
              Map.of(),
              List.of("create kubernetes_object CronJob/contract-nightly"),
              hands -> {
                var cronJobs =
                    hands.cluster().batch().v1().cronjobs().inNamespace(hands.namespace());
                CronJob c = cronJobs.withName("contract-nightly").get();
                c.getSpec().setSchedule("0 4 * * *");
                cronJobs.resource(c).update();
              },
              List.of("update kubernetes_object CronJob/contract-nightly: spec.schedule"),
              List.of("delete kubernetes_object CronJob/contract-nightly"),
              Kind.NOTHING_LEFT),
          new Kind(
              "file (ConfigMap)",
              CLUSTER,
              Map.of(
                  "files",
                  List.of("/etc/contract/app.conf: {content: \"port=8000\\n\", mode: \"0644\"}")),
              Map.of(),
              List.of("create kubernetes_object ConfigMap/file-*"),
              hands -> {
                var configMaps = hands.cluster().configMaps().inNamespace(hands.namespace());
                var c = configMaps.list().getItems().get(0);
                c.getData().replaceAll((key, value) -> "port=9999\n");
                configMaps.resource(c).update();
              },
              List.of("update kubernetes_object ConfigMap/file-*: data.app.conf"),
              List.of("delete kubernetes_object ConfigMap/file-*"),
              Kind.NOTHING_LEFT),
          new Kind(
              "alert rules (PrometheusRule)",
              CLUSTER,
              Map.of("alerts", List.of("cpu_percent: {high: 80, critical: 95}")),
              Map.of(),
              List.of("create kubernetes_object PrometheusRule/trueup-{node}"),
              hands ->
                  hands
                      .cluster()
                      .genericKubernetesResources(KubernetesBackEnd.PROMETHEUS_RULE)
                      .inNamespace(hands.namespace())
                      .withName("trueup-" + Where.KUBERNETES.node())
                      .delete(),
              List.of("create kubernetes_object PrometheusRule/trueup-{node}"),
              List.of("delete kubernetes_object PrometheusRule/trueup-{node}"),
              Kind.NOTHING_LEFT));

  static List<Kind> on(Where where) {
    return TABLE.stream().filter(k -> k.on().contains(where)).toList();
  }
}
