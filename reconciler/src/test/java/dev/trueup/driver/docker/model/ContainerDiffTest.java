package dev.trueup.driver.docker.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.live.Reachability;
import dev.trueup.model.EnvValue;
import dev.trueup.model.HealthCheck;
import dev.trueup.model.Runtime;
import dev.trueup.model.SecretRef;
import dev.trueup.model.Service;
import dev.trueup.model.value.ImageRef;
import dev.trueup.model.value.PortMapping;
import dev.trueup.testing.TestNodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ContainerDiffTest {

  static Service service(String image, Map<String, EnvValue> env) {
    return new Service(
        "web",
        "",
        Runtime.CONTAINER,
        Optional.of(ImageRef.parse(image).value()),
        List.of("sh", "-c", "sleep 3600"),
        List.of(PortMapping.parse("127.0.0.1:8080:80").value()),
        env,
        List.of("/srv/web:/data:ro"),
        "unless-stopped",
        Optional.empty(),
        Optional.of(
            new HealthCheck.Command(
                "test -f /tmp/ok", Duration.ofSeconds(1), Duration.ofSeconds(2))),
        TestNodes.HERE);
  }

  static final Map<String, EnvValue> ENV =
      Map.of(
          "MODE",
          EnvValue.literal("prod"),
          "DB_PASSWORD",
          new EnvValue.Secret(new SecretRef("db/password")));

  /** What an engine reports for a container created from {@code d}, with its own additions. */
  static LiveContainer asCreated(DesiredContainer d, String secretValue) {
    TreeMap<String, String> env = new TreeMap<>(d.env());
    env.put("PATH", "/usr/local/sbin:/usr/bin"); // from the image
    env.put("container", "podman"); // from the engine
    TreeMap<String, String> fingerprints = new TreeMap<>();
    d.secretEnv()
        .keySet()
        .forEach(k -> fingerprints.put(k, DesiredContainer.fingerprint(k, secretValue)));
    TreeMap<String, String> labels = new TreeMap<>(d.labels());
    labels.put("io.podman.extra", "x"); // engine or image labels are not trueup's
    return new LiveContainer(
        "id1",
        d.name(),
        d.image(),
        d.command(),
        env,
        fingerprints,
        d.ports(),
        d.volumes(),
        d.restart(),
        d.health(),
        Optional.of("bridge"),
        labels,
        true,
        Optional.of("starting"));
  }

  static LiveContainers live(LiveContainer... cs) {
    TreeMap<String, LiveContainer> m = new TreeMap<>();
    for (LiveContainer c : cs) {
      m.put(c.name(), c);
    }
    return new LiveContainers("n1", new Reachability.Observed(), m, new TreeSet<>());
  }

  @Test
  void desiredContainerCarriesOwnershipLabelsAndNoSecretValue() {
    DesiredContainer d = DesiredContainer.of("n1", service("localhost/trueup-busybox:1", ENV));
    assertThat(d.name()).isEqualTo("trueup-web");
    assertThat(d.labels())
        .containsEntry("dev.trueup.managed", "true")
        .containsEntry("dev.trueup.node", "n1")
        .containsEntry("dev.trueup.service", "web")
        .containsEntry("dev.trueup.secret-refs", "DB_PASSWORD=db/password")
        .containsKey("dev.trueup.spec-hash");
    assertThat(d.secretEnv()).containsEntry("DB_PASSWORD", new SecretRef("db/password"));
    assertThat(d.env()).doesNotContainKey("DB_PASSWORD");
    assertThat(d.health().orElseThrow().test()).containsExactly("CMD-SHELL", "test -f /tmp/ok");
    assertThat(d.volumes()).containsExactly("/srv/web:/data:ro");
  }

  @Test
  void engineDefaultsAreNoDrift() {
    DesiredContainer d = DesiredContainer.of("n1", service("localhost/trueup-busybox:1", ENV));
    ContainerPlan plan = ContainerDiff.diff(List.of(d), live(asCreated(d, "s3cret")));
    assertThat(plan.changes()).isEmpty();
    assertThat(plan.conflicts()).isEmpty();
  }

  @Test
  void absentContainerIsCreatedShowingTheSecretReferenceOnly() {
    DesiredContainer d = DesiredContainer.of("n1", service("localhost/trueup-busybox:1", ENV));
    ContainerPlan plan = ContainerDiff.diff(List.of(d), live());
    assertThat(plan.changes())
        .singleElement()
        .extracting(ContainerChange::action)
        .isEqualTo(ContainerAction.CREATE);
    assertThat(plan.changes().get(0).fields())
        .contains(ContainerField.of("env.DB_PASSWORD", "{secret: db/password}", null));
  }

  @Test
  void changedImageAndEnvRecreateWithContainerFields() {
    DesiredContainer before = DesiredContainer.of("n1", service("localhost/trueup-busybox:1", ENV));
    DesiredContainer after =
        DesiredContainer.of(
            "n1",
            service(
                "localhost/trueup-busybox:2",
                Map.of(
                    "MODE",
                    EnvValue.literal("debug"),
                    "DB_PASSWORD",
                    new EnvValue.Secret(new SecretRef("db/password-v2")))));
    ContainerPlan plan = ContainerDiff.diff(List.of(after), live(asCreated(before, "s3cret")));
    ContainerChange change = plan.changes().get(0);
    assertThat(change.action()).isEqualTo(ContainerAction.RECREATE);
    assertThat(change.fields())
        .containsExactly(
            ContainerField.of("image", "localhost/trueup-busybox:2", "localhost/trueup-busybox:1"),
            ContainerField.of(
                "env.DB_PASSWORD", "{secret: db/password-v2}", "{secret: db/password}"),
            ContainerField.of("env.MODE", "debug", "prod"));
    assertThat(plan.toString()).doesNotContain("s3cret");
  }

  @Test
  void aChangedSecretValueShowsAsChangedOnlyWhenFingerprintsAreKnown() {
    DesiredContainer d = DesiredContainer.of("n1", service("localhost/trueup-busybox:1", ENV));
    LiveContainer l = asCreated(d, "old-value");
    assertThat(ContainerDiff.fields(d, l)).isEmpty(); // a plan cannot know the value
    DesiredContainer resolved =
        d.withSecretFingerprints(
            Map.of("DB_PASSWORD", DesiredContainer.fingerprint("DB_PASSWORD", "new-value")));
    assertThat(ContainerDiff.fields(resolved, l))
        .containsExactly(
            ContainerField.of("env.DB_PASSWORD", "(secret value changed)", "(secret value)"));
    assertThat(resolved.toString() + l.toString() + ContainerDiff.fields(resolved, l))
        .doesNotContain("old-value")
        .doesNotContain("new-value");
  }

  @Test
  void aVariableRemovedFromDesiredStateIsNoticedButImageVariablesAreNot() {
    DesiredContainer before = DesiredContainer.of("n1", service("localhost/trueup-busybox:1", ENV));
    DesiredContainer after =
        DesiredContainer.of(
            "n1",
            service(
                "localhost/trueup-busybox:1",
                Map.of("DB_PASSWORD", new EnvValue.Secret(new SecretRef("db/password")))));
    assertThat(ContainerDiff.fields(after, asCreated(before, "x")))
        .containsExactly(ContainerField.of("env.MODE", null, "prod"));
  }

  @Test
  void onlyLabelledContainersAreDeletedAndUnlabelledNamesAreConflicts() {
    DesiredContainer gone = DesiredContainer.of("n1", service("localhost/trueup-busybox:1", ENV));
    LiveContainers live =
        new LiveContainers(
            "n1",
            new Reachability.Observed(),
            new TreeMap<>(Map.of(gone.name(), asCreated(gone, "x"))),
            new TreeSet<>(List.of("trueup-api")));
    DesiredContainer api =
        DesiredContainer.build(
            "n1",
            "api",
            "localhost/trueup-busybox:1",
            List.of(),
            Map.of(),
            Map.of(),
            List.of(),
            List.of(),
            "no",
            Optional.empty(),
            Optional.empty());
    ContainerPlan plan = ContainerDiff.diff(List.of(api), live);
    assertThat(plan.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("trueup-web");
              assertThat(c.action()).isEqualTo(ContainerAction.DELETE);
            });
    assertThat(plan.conflicts())
        .singleElement()
        .extracting(ContainerPlan.Conflict::name)
        .isEqualTo("trueup-api");
  }

  @Test
  void enginesReportingOfVolumeOptionsAndRestartIsNormalized() {
    assertThat(DesiredContainer.normalizeVolume("/a:/b:rw,rprivate,rbind")).isEqualTo("/a:/b");
    assertThat(DesiredContainer.normalizeVolume("/a:/b:ro,rprivate")).isEqualTo("/a:/b:ro");
    assertThat(DesiredContainer.normalizeRestart(null)).isEqualTo("no");
    assertThat(DesiredContainer.normalizeRestart("")).isEqualTo("no");
  }

  @Test
  void httpAndTcpChecksRunInsideTheContainer() {
    assertThat(
            ContainerHealth.of(
                    new HealthCheck.Http(
                        "http://127.0.0.1:8080/healthz",
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(2)))
                .argv())
        .containsExactly("/bin/sh", "-c", "wget -q -O /dev/null 'http://127.0.0.1:8080/healthz'");
    assertThat(
            ContainerHealth.of(
                    new HealthCheck.Tcp(
                        "127.0.0.1:5432", Duration.ofSeconds(5), Duration.ofSeconds(2)))
                .test())
        .containsExactly("CMD-SHELL", "nc -z '127.0.0.1' '5432'");
  }

  @Test
  void aSystemdServiceIsNotAContainer() {
    Service s = service("localhost/trueup-busybox:1", ENV);
    Service systemd =
        new Service(
            s.name(),
            "",
            Runtime.SYSTEMD,
            Optional.empty(),
            List.of(),
            List.of(),
            Map.of(),
            List.of(),
            "always",
            Optional.empty(),
            Optional.empty(),
            TestNodes.HERE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DesiredContainer.of("n1", systemd))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
