package dev.trueup.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.cli.Main;
import dev.trueup.driver.kubernetes.ServiceAccount;
import dev.trueup.driver.kubernetes.model.KubeKind;
import dev.trueup.engine.LoopTiming;
import dev.trueup.testing.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The deployment files under deploy/ keep the promises docs/operations.md makes: two hardened
 * replicas, probes and scraping on the port the Service calls http-metrics, secrets that exist,
 * only options {@code trueup serve} really has, ports on loopback only, a non-root image.
 */
class DeployManifestsTest {
  private static final Path DEPLOY = ProjectRoot.resolve("deploy");
  private static final Path KUBE = DEPLOY.resolve("kubernetes");

  private static Map<String, Object> deployment;
  private static Map<String, Object> service;
  private static Map<String, Object> serviceMonitor;
  private static Map<String, Object> exampleSecret;

  @BeforeAll
  static void load() throws IOException {
    deployment = only(KUBE.resolve("deployment.yaml"), "Deployment");
    service = only(KUBE.resolve("service.yaml"), "Service");
    serviceMonitor = only(KUBE.resolve("servicemonitor.yaml"), "ServiceMonitor");
    exampleSecret = only(KUBE.resolve("secret-example.yaml"), "Secret");
  }

  @Test
  void theKustomizationListsEveryManifestButTheExampleSecret() throws IOException {
    Map<String, Object> k = map(documents(KUBE.resolve("kustomization.yaml")).getFirst());
    List<Object> resources = list(k.get("resources"));
    for (Object r : resources) {
      assertThat(KUBE.resolve((String) r)).as("listed in kustomization.yaml").isRegularFile();
    }
    assertThat(resources)
        .contains("deployment.yaml", "service.yaml", "servicemonitor.yaml", "rbac.yaml")
        .doesNotContain("secret-example.yaml");
  }

  @Test
  void theDeploymentRunsTwoReplicasThatCannotGainPrivileges() {
    assertThat(at(deployment, "spec", "replicas")).isEqualTo(2);
    Map<String, Object> pod = map(at(deployment, "spec", "template", "spec"));
    Map<String, Object> podSecurity = map(pod.get("securityContext"));
    assertThat(podSecurity.get("runAsNonRoot")).isEqualTo(true);
    assertThat(podSecurity.get("runAsUser")).isEqualTo(10001);
    assertThat(at(podSecurity, "seccompProfile", "type")).isEqualTo("RuntimeDefault");
    // Not into every container: the token is projected into trueup's alone (test below).
    assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);
    for (Map<String, Object> c : containers()) {
      Map<String, Object> s = map(c.get("securityContext"));
      assertThat(s.get("runAsNonRoot")).as(c.get("name") + " runAsNonRoot").isEqualTo(true);
      assertThat(s.get("readOnlyRootFilesystem")).as(c.get("name") + " read-only").isEqualTo(true);
      assertThat(s.get("allowPrivilegeEscalation"))
          .as(c.get("name") + " allowPrivilegeEscalation")
          .isEqualTo(false);
      assertThat(list(at(s, "capabilities", "drop"))).as("%s drops", c.get("name")).contains("ALL");
      assertThat(s.get("privileged")).isNotEqualTo(true);
      Map<String, Object> resources = map(c.get("resources"));
      assertThat(map(resources.get("requests"))).containsKeys("cpu", "memory");
      assertThat(map(resources.get("limits"))).containsKey("memory");
    }
  }

  @Test
  void trueupUsesThePodsOwnProjectedServiceAccountTokenAndNoKubeconfigSecret() throws IOException {
    Map<String, Object> pod = map(at(deployment, "spec", "template", "spec"));
    assertThat(pod.get("serviceAccountName")).isEqualTo("trueup");
    Map<String, Object> volume =
        list(pod.get("volumes")).stream()
            .map(DeployManifestsTest::map)
            .filter(v -> "service-account".equals(v.get("name")))
            .findFirst()
            .orElseThrow();
    List<Map<String, Object>> sources =
        list(at(volume, "projected", "sources")).stream().map(DeployManifestsTest::map).toList();
    Map<String, Object> token =
        sources.stream()
            .filter(src -> src.containsKey("serviceAccountToken"))
            .map(src -> map(src.get("serviceAccountToken")))
            .findFirst()
            .orElseThrow();
    assertThat(token.get("path")).isEqualTo("token");
    assertThat(((Number) token.get("expirationSeconds")).longValue()).isBetween(600L, 86_400L);
    assertThat(sources)
        .anySatisfy(src -> assertThat(at(src, "configMap", "name")).isEqualTo("kube-root-ca.crt"));
    Map<String, Object> trueup =
        containers().stream().filter(c -> "trueup".equals(c.get("name"))).findFirst().orElseThrow();
    assertThat(list(trueup.get("volumeMounts")).stream().map(DeployManifestsTest::map))
        .anySatisfy(
            m -> {
              assertThat(m.get("name")).isEqualTo("service-account");
              assertThat(m.get("mountPath"))
                  .isEqualTo(ServiceAccount.STANDARD_DIRECTORY.toString());
              assertThat(m.get("readOnly")).isEqualTo(true);
            });
    for (Path manifest : manifests()) {
      assertThat(Files.readString(manifest).toLowerCase(java.util.Locale.ROOT))
          .as(manifest + " names no kubeconfig Secret nor a long-lived token")
          .doesNotContain("kubeconfig")
          .doesNotContain("service-account-token");
    }
  }

  @Test
  void theDriverRoleGrantsExactlyWhatTheKubernetesDriverWritesAndReads() throws IOException {
    Map<String, Object> role = only(KUBE.resolve("rbac.yaml"), "Role");
    Map<String, Set<String>> granted = new java.util.TreeMap<>();
    for (Object r : list(role.get("rules"))) {
      Map<String, Object> rule = map(r);
      Set<String> verbs = new TreeSet<>(strings(rule.get("verbs")));
      for (String group : strings(rule.get("apiGroups"))) {
        for (String resource : strings(rule.get("resources"))) {
          granted.put(group.isEmpty() ? resource : group + "/" + resource, verbs);
        }
      }
    }
    Map<String, Set<String>> needed = new java.util.TreeMap<>();
    for (KubeKind kind : KubeKind.values()) {
      String group =
          kind.apiVersion().contains("/")
              ? kind.apiVersion().substring(0, kind.apiVersion().indexOf('/'))
              : "";
      String plural = kind.definition().getPlural();
      needed.put(
          group.isEmpty() ? plural : group + "/" + plural,
          new TreeSet<>(List.of("create", "delete", "get", "list", "patch")));
    }
    // Read only: replicas are left alone when an autoscaler targets a Deployment.
    needed.put("autoscaling/horizontalpodautoscalers", new TreeSet<>(List.of("get", "list")));
    assertThat(granted).isEqualTo(needed);
  }

  private static List<Path> manifests() throws IOException {
    try (var files = Files.list(KUBE)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @Test
  void theGracePeriodCoversTheCycleInFlight() throws IOException {
    long wait = LoopTiming.DEFAULT_CLOSE_WAIT.toSeconds();
    assertThat(
            ((Number) at(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds"))
                .longValue())
        .isGreaterThan(wait);
    Map<String, String> unit = unitSettings();
    assertThat(Long.parseLong(unit.get("TimeoutStopSec"))).isGreaterThan(wait);
    assertThat(unit.get("KillSignal")).isEqualTo("SIGTERM");
    Map<String, Object> compose = composeServices().get("trueup");
    assertThat(seconds((String) compose.get("stop_grace_period"))).isGreaterThan(wait);
  }

  @Test
  void probesAskHealthzAndReadyzOnThePortTheServiceCallsHttpMetrics() {
    Map<String, Object> metricsPort =
        servicePorts().stream()
            .filter(p -> "http-metrics".equals(p.get("name")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the Service has no port named http-metrics"));
    Map<String, Object> container = containers().getFirst();
    int target = containerPort(container, metricsPort.get("targetPort"));
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      Object p = container.get(probe);
      if (p == null && probe.equals("startupProbe")) {
        continue;
      }
      Map<String, Object> get = map(at(map(p), "httpGet"));
      assertThat(containerPort(container, get.get("port"))).as(probe + " port").isEqualTo(target);
      assertThat(get.get("path"))
          .as(probe + " path")
          .isEqualTo(probe.equals("readinessProbe") ? "/readyz" : "/healthz");
    }
  }

  @Test
  void theServiceMonitorScrapesTheServiceAndTheServiceSelectsThePods() throws IOException {
    Map<String, Object> serviceLabels = map(at(service, "metadata", "labels"));
    Map<String, Object> wanted = map(at(serviceMonitor, "spec", "selector", "matchLabels"));
    assertThat(serviceLabels).containsAllEntriesOf(wanted);
    assertThat(wanted).isNotEmpty();
    List<Object> namespaces = list(at(serviceMonitor, "spec", "namespaceSelector", "matchNames"));
    assertThat(namespaces).contains(at(service, "metadata", "namespace"));
    Set<Object> portNames = new TreeSet<>();
    servicePorts().forEach(p -> portNames.add(p.get("name")));
    for (Object e : list(at(serviceMonitor, "spec", "endpoints"))) {
      assertThat(portNames).contains(map(e).get("port"));
      assertThat(map(e).get("path")).isEqualTo("/metrics");
      assertThat(map(e).get("port")).isEqualTo("http-metrics");
    }
    Map<String, Object> podLabels = map(at(deployment, "spec", "template", "metadata", "labels"));
    assertThat(podLabels).containsAllEntriesOf(map(at(service, "spec", "selector")));
    assertThat(podLabels)
        .containsAllEntriesOf(map(at(deployment, "spec", "selector", "matchLabels")));
    Map<String, Object> pdb = only(KUBE.resolve("poddisruptionbudget.yaml"), "PodDisruptionBudget");
    assertThat(podLabels).containsAllEntriesOf(map(at(pdb, "spec", "selector", "matchLabels")));
  }

  @Test
  void everySecretKeyTheDeploymentReadsIsInTheExampleSecret() {
    String secretName = (String) at(exampleSecret, "metadata", "name");
    Set<String> keys = new TreeSet<>();
    keys.addAll(map(exampleSecret.getOrDefault("stringData", Map.of())).keySet());
    keys.addAll(map(exampleSecret.getOrDefault("data", Map.of())).keySet());
    List<Map<String, Object>> refs = new ArrayList<>();
    collect(deployment, "secretKeyRef", refs);
    assertThat(refs).isNotEmpty();
    for (Map<String, Object> ref : refs) {
      if (secretName.equals(ref.get("name"))) {
        assertThat(keys).as("keys of Secret " + secretName).contains((String) ref.get("key"));
      } else {
        assertThat(ref.get("optional"))
            .as("secretKeyRef to " + ref.get("name") + ", which no example defines")
            .isEqualTo(true);
      }
    }
    for (Object v : map(exampleSecret.getOrDefault("stringData", Map.of())).values()) {
      assertThat((String) v).as("example secret values are placeholders").contains("PLACEHOLDER");
    }
  }

  @Test
  void everyServeOptionUsedIsOneTrueupServeHas() throws IOException {
    Set<String> known = new TreeSet<>();
    for (OptionSpec o :
        Main.commandLine().getSubcommands().get("serve").getCommandSpec().options()) {
      known.addAll(List.of(o.names()));
    }
    Map<String, List<String>> used = new LinkedHashMap<>();
    used.put("deployment.yaml", afterServe(strings(containers().getFirst().get("args"))));
    used.put("trueup.service", afterServe(execStart()));
    used.put("compose.yaml", afterServe(strings(composeServices().get("trueup").get("command"))));
    used.forEach(
        (file, args) -> {
          Set<String> flags = new LinkedHashSet<>();
          for (String a : args) {
            if (a.startsWith("-")) {
              flags.add(a.contains("=") ? a.substring(0, a.indexOf('=')) : a);
            }
          }
          assertThat(flags).as(file + " passes options to trueup serve").isNotEmpty();
          assertThat(known).as("options of trueup serve used in " + file).containsAll(flags);
        });
  }

  @Test
  void composePublishesPortsOnLoopbackOnlyAndRunsReadOnlyAsNonRoot() throws IOException {
    Map<String, Map<String, Object>> services = composeServices();
    assertThat(services).containsKeys("trueup", "postgres");
    for (Map.Entry<String, Map<String, Object>> e : services.entrySet()) {
      assertThat(e.getValue().get("read_only")).as(e.getKey() + " read_only").isEqualTo(true);
      for (Object p : list(e.getValue().getOrDefault("ports", List.of()))) {
        String host = hostIp(p);
        assertThat(host)
            .as(e.getKey() + " publishes " + p)
            .matches("127(\\.\\d{1,3}){3}|::1|\\[::1]");
      }
    }
    String user = (String) services.get("trueup").get("user");
    assertThat(user).matches("\\d+(:\\d+)?");
    assertThat(Integer.parseInt(user.split(":")[0])).isNotZero();
  }

  @Test
  void theImageRunsAsANumericNonRootUser() throws IOException {
    List<String> users = new ArrayList<>();
    for (String line : Files.readAllLines(DEPLOY.resolve("image/Containerfile"))) {
      Matcher m = Pattern.compile("^USER\\s+(\\S+)").matcher(line.strip());
      if (m.find()) {
        users.add(m.group(1));
      }
    }
    assertThat(users).as("USER lines in the Containerfile").isNotEmpty();
    String last = users.getLast();
    assertThat(last).as("the final USER is numeric (uid or uid:gid)").matches("\\d+(:\\d+)?");
    assertThat(Integer.parseInt(last.split(":")[0])).as("uid").isEqualTo(10001);
    assertThat(Files.readString(DEPLOY.resolve("image/rootfs/etc/passwd")))
        .contains(":10001:10001:");
  }

  @Test
  void theSystemdUnitIsHardened() throws IOException {
    Map<String, String> unit = unitSettings();
    assertThat(unit)
        .containsEntry("NoNewPrivileges", "yes")
        .containsEntry("ProtectSystem", "strict")
        .containsEntry("ProtectHome", "yes")
        .containsEntry("PrivateTmp", "yes")
        .containsEntry("StateDirectory", "trueup")
        .containsEntry("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6")
        .containsEntry("EnvironmentFile", "/etc/trueup/trueup.env");
    assertThat(unit.get("DynamicUser") != null || unit.get("User") != null).isTrue();
    assertThat(unit.get("SuccessExitStatus"))
        .as("a JVM stopped by SIGTERM exits 143")
        .contains("143");
  }

  /**
   * serve never ends on its own when all is well, so every recipe restarts it on any exit: one
   * whose worker died exits 70, but an exit 0 must not leave the fleet unreconciled either.
   */
  @Test
  void everyRecipeRestartsServeOnAnyExit() throws IOException {
    assertThat(unitSettings().get("Restart")).as("trueup.service Restart=").isEqualTo("always");
    assertThat(composeServices().get("trueup").get("restart"))
        .as("compose.yaml restart:")
        .isIn("always", "unless-stopped");
    Object policy = map(at(deployment, "spec", "template", "spec")).get("restartPolicy");
    assertThat(policy == null ? "Always" : policy)
        .as("the pod's restartPolicy")
        .isEqualTo("Always");
  }

  @Test
  void hostNamesInExamplesAreReservedForDocumentation() throws IOException {
    Pattern url =
        Pattern.compile("(?:https?|ssh|jdbc:postgresql)://(?:[^@/\\s]*@)?([^:/?\\s'\"]+)");
    List<Path> files = new ArrayList<>();
    try (var walk = Files.walk(DEPLOY)) {
      walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().matches(".*\\.(yaml|service|example|md)$"))
          .forEach(files::add);
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      Matcher m = url.matcher(Files.readString(f));
      while (m.find()) {
        assertThat(m.group(1))
            .as(DEPLOY.relativize(f) + ": " + m.group())
            .matches(
                "(.+\\.)?example\\.(com|org|net)|localhost|127(\\.\\d{1,3}){3}|postgres"
                    + "|kubernetes\\.default\\.svc|[A-Z]+");
      }
    }
  }

  // --- helpers ---

  private static List<String> afterServe(List<String> args) {
    int i = args.indexOf("serve");
    assertThat(i).as("'serve' in " + args).isNotNegative();
    return args.subList(i + 1, args.size());
  }

  private static List<String> execStart() throws IOException {
    String line = unitSettings().get("ExecStart");
    assertThat(line).isNotNull();
    return List.of(line.trim().split("\\s+"));
  }

  /** Settings of deploy/systemd/trueup.service, continuation lines joined (last one wins). */
  private static Map<String, String> unitSettings() throws IOException {
    String text =
        Files.readString(DEPLOY.resolve("systemd/trueup.service")).replaceAll("\\\\\\n", " ");
    Map<String, String> settings = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#") || l.startsWith(";") || l.startsWith("[")) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq > 0) {
        settings.put(l.substring(0, eq), l.substring(eq + 1).strip());
      }
    }
    return settings;
  }

  private static Map<String, Map<String, Object>> composeServices() throws IOException {
    Map<String, Object> compose = map(documents(DEPLOY.resolve("compose/compose.yaml")).getFirst());
    Map<String, Map<String, Object>> services = new LinkedHashMap<>();
    map(compose.get("services")).forEach((k, v) -> services.put(k, map(v)));
    return services;
  }

  /** The host address of a compose port; empty text when it publishes on every address. */
  private static String hostIp(Object port) {
    if (port instanceof Map<?, ?> long_) {
      Object ip = long_.get("host_ip");
      return ip == null ? "" : ip.toString();
    }
    String s = port.toString();
    if (s.startsWith("[")) {
      return s.substring(0, s.indexOf(']') + 1);
    }
    String[] parts = s.split(":");
    return parts.length == 3 ? parts[0] : "";
  }

  private static long seconds(String duration) {
    Matcher m = Pattern.compile("(\\d+)(s|m)").matcher(duration);
    assertThat(m.matches()).as(duration).isTrue();
    return Long.parseLong(m.group(1)) * (m.group(2).equals("m") ? 60 : 1);
  }

  private static List<Map<String, Object>> containers() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object c : list(at(deployment, "spec", "template", "spec", "containers"))) {
      out.add(map(c));
    }
    assertThat(out).isNotEmpty();
    return out;
  }

  private static List<Map<String, Object>> servicePorts() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object p : list(at(service, "spec", "ports"))) {
      out.add(map(p));
    }
    return out;
  }

  /** A port given by number or by the name of one of the container's ports. */
  private static int containerPort(Map<String, Object> container, Object port) {
    if (port instanceof Number n) {
      return n.intValue();
    }
    for (Object p : list(container.get("ports"))) {
      if (port.equals(map(p).get("name"))) {
        return ((Number) map(p).get("containerPort")).intValue();
      }
    }
    throw new AssertionError("container " + container.get("name") + " has no port " + port);
  }

  private static void collect(Object node, String key, List<Map<String, Object>> out) {
    if (node instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            if (key.equals(k)) {
              out.add(map(v));
            }
            collect(v, key, out);
          });
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collect(v, key, out));
    }
  }

  private static Map<String, Object> only(Path file, String kind) throws IOException {
    List<Map<String, Object>> found = new ArrayList<>();
    for (Object d : documents(file)) {
      if (d != null && kind.equals(map(d).get("kind"))) {
        found.add(map(d));
      }
    }
    assertThat(found).as(kind + " in " + file.getFileName()).hasSize(1);
    return found.getFirst();
  }

  private static List<Object> documents(Path file) throws IOException {
    List<Object> docs = new ArrayList<>();
    new Load(LoadSettings.builder().setLabel(file.toString()).build())
        .loadAllFromString(Files.readString(file))
        .forEach(docs::add);
    return docs;
  }

  private static Object at(Map<String, Object> root, String... path) {
    Object node = root;
    for (String p : path) {
      node = Optional.ofNullable(map(node).get(p)).orElse(null);
      if (node == null) {
        throw new AssertionError("missing " + String.join(".", path));
      }
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    assertThat(o).isInstanceOf(List.class);
    return (List<Object>) o;
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    for (Object x : list(o)) {
      out.add(String.valueOf(x));
    }
    return out;
  }
}
