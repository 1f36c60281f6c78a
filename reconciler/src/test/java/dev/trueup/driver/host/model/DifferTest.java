package dev.trueup.driver.host.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.backend.Differ;
import dev.trueup.backend.Renderer;
import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.diff.FieldChange;
import dev.trueup.diff.NodeDiff;
import dev.trueup.model.DesiredState;
import dev.trueup.model.EnvValue;
import dev.trueup.model.FileContent;
import dev.trueup.model.Node;
import dev.trueup.model.SecretRef;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.render.Marker;
import dev.trueup.render.RepoFiles;
import dev.trueup.render.ResourceKind;
import dev.trueup.render.SecretEnvFile;
import dev.trueup.secrets.SecretValue;
import dev.trueup.testing.fixtures.ExampleFleet;
import dev.trueup.testing.fixtures.Lives;
import dev.trueup.testing.fixtures.Nodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DifferTest {
  private static final Renderer RENDERER = new Renderer(p -> Optional.empty());

  private static DesiredNode alpha() {
    Node node =
        Nodes.node("alpha")
            .directory("/opt/app", "0755")
            .file("/etc/app.conf", "a=1\nb=2\nc=3\n", "0644")
            .schedule("tick", "*/5 * * * *", "/opt/app/tick.sh")
            .alert("cpu_percent", 80, 95, Duration.ofMinutes(5))
            .systemdService(
                "api", "api.service", Map.of("TOKEN", new EnvValue.Secret(new SecretRef("api/t"))))
            .build();
    return RENDERER.render(node, Nodes.fleet(node));
  }

  private static Change only(List<Change> changes) {
    assertThat(changes).hasSize(1);
    return changes.getFirst();
  }

  @Test
  void freshlyAppliedNodeHasNoChanges() {
    DesiredNode desired = alpha();
    assertThat(Differ.diff(desired, Lives.appliedFrom(desired).build())).isEmpty();
  }

  @Test
  void freshlyAppliedExampleFleetHasNoChanges() {
    DesiredState example = ExampleFleet.load();
    Renderer renderer = new Renderer(RepoFiles.directory(ExampleFleet.root()));
    for (Node node : example.nodes().values()) {
      DesiredNode desired = renderer.render(node, example);
      assertThat(Differ.compare(desired, Lives.appliedFrom(desired).build()).changes())
          .as(node.name())
          .isEmpty();
    }
  }

  @Test
  void emptyNodeCreatesEverything() {
    DesiredNode desired = alpha();
    List<Change> changes = Differ.diff(desired, Lives.empty("alpha").build());
    assertThat(changes).extracting(Change::action).containsOnly(Action.CREATE);
    assertThat(changes).hasSize(desired.resources().size());
    Change conf =
        changes.stream().filter(c -> c.id().equals("/etc/app.conf")).findFirst().orElseThrow();
    assertThat(conf.contentDiff()).containsExactly("@@ -0,0 +1,3 @@", "+a=1", "+b=2", "+c=3");
  }

  @Test
  void modeIsComparedAsFourOctalDigits() {
    DesiredNode desired = alpha();
    var live =
        Lives.appliedFrom(desired).file("/etc/app.conf", "a=1\nb=2\nc=3\n", "644", "root", "root");
    assertThat(Differ.diff(desired, live.build())).isEmpty();
    live.file("/etc/app.conf", "a=1\nb=2\nc=3\n", "0600", "root", "root");
    Change c = only(Differ.diff(desired, live.build()));
    assertThat(c.action()).isEqualTo(Action.UPDATE);
    assertThat(c.fields()).containsExactly(FieldChange.of("mode", "0644", "0600"));
    assertThat(c.contentDiff()).isEmpty();
  }

  @Test
  void ownerIsIgnoredWhenDesiredDoesNotSetIt() {
    Node node = Nodes.node("beta").sandbox("/tmp/s").schedule("t", "* * * * *", "true").build();
    DesiredNode desired = RENDERER.render(node, Nodes.fleet(node));
    var live = Lives.appliedFrom(desired);
    String cron = "/etc/cron.d/trueup-t";
    DesiredNode d = desired;
    byte[] content = ((dev.trueup.render.DesiredResource.DesiredFile) d.find(cron).get()).content();
    live.file(cron, content, "0644", "someone", "else");
    assertThat(Differ.diff(desired, live.build())).isEmpty();
  }

  @Test
  void contentChangeShowsAUnifiedDiff() {
    DesiredNode desired = alpha();
    var live =
        Lives.appliedFrom(desired).file("/etc/app.conf", "a=1\nb=9\nc=3\n", "0644", "root", "root");
    Change c = only(Differ.diff(desired, live.build()));
    assertThat(c.fields()).extracting(FieldChange::field).containsExactly("content");
    assertThat(c.contentDiff()).containsExactly("@@ -1,3 +1,3 @@", " a=1", "-b=9", "+b=2", " c=3");
  }

  @Test
  void secretBearingContentIsNeverShown() {
    DesiredNode desired = alpha();
    String path = "/etc/trueup/env/api.service.env";
    var live = Lives.appliedFrom(desired).file(path, "TOKEN=hunter2\n", "0600", "root", "root");
    Change c = only(Differ.diff(desired, live.build()));
    assertThat(c.contentDiff()).isEmpty();
    assertThat(c.contentNote()).contains("content changed (secret-bearing, not shown)");
    assertThat(c.toString()).doesNotContain("hunter2");
    assertThat(c.fields()).isEmpty();
  }

  @Test
  void aSecretFileThatDiffersShowsTheKeyedDigestsTheDriverFoundAndNothingElse() {
    Node node =
        Nodes.node("alpha")
            .file("/etc/app/tls.key", new FileContent.Secret(new SecretRef("tls")), "0600")
            .build();
    DesiredNode desired = RENDERER.render(node, Nodes.fleet(node));
    var live =
        Lives.appliedFrom(desired)
            .file("/etc/app/tls.key", "old\n", "0600", "root", "root")
            .build();

    Change rotated =
        only(
            Differ.diff(
                desired,
                live.with(
                    new LiveSecretFiles(
                        new TreeMap<>(
                            Map.of(
                                "/etc/app/tls.key",
                                new LiveSecretFiles.Verdict.Differs(
                                    Optional.of("hmac:aaaaaaaaaaaa"),
                                    Optional.of("hmac:bbbbbbbbbbbb"))))))));
    assertThat(rotated.fields())
        .containsExactly(
            FieldChange.of("content", "secret hmac:aaaaaaaaaaaa", "secret hmac:bbbbbbbbbbbb"));
    assertThat(rotated.contentNote())
        .contains("secret changed (keyed digest prefixes shown, never the value)");
    assertThat(rotated.contentDiff()).isEmpty();
    assertThat(rotated.toString()).doesNotContain("old");

    // Without a key the driver has nothing to show: the plan says only that it changed.
    Change unkeyed =
        only(
            Differ.diff(
                desired,
                live.with(
                    new LiveSecretFiles(
                        new TreeMap<>(
                            Map.of(
                                "/etc/app/tls.key", LiveSecretFiles.Verdict.Differs.unshown()))))));
    assertThat(unkeyed.fields()).isEmpty();
    assertThat(unkeyed.contentNote()).contains("content changed (secret-bearing, not shown)");
  }

  @Test
  void anEnvironmentFileWrittenWithItsValuesIsTheDesiredOneUntilEditedOnTheNode() {
    DesiredNode desired = alpha();
    String path = "/etc/trueup/env/api.service.env";
    DesiredFile refs = (DesiredFile) desired.find(path).orElseThrow();
    byte[] written =
        SecretEnvFile.substituted(refs, ref -> SecretValue.of("hunter2-value")).content();
    var live = Lives.appliedFrom(desired).file(path, written, "0600", "root", "root");
    assertThat(Differ.diff(desired, live.build())).isEmpty();

    byte[] edited =
        new String(written, StandardCharsets.UTF_8)
            .replace("hunter2-value", "edited-value")
            .getBytes(StandardCharsets.UTF_8);
    live.file(path, edited, "0600", "root", "root");
    Change c = only(Differ.diff(desired, live.build()));
    assertThat(c.contentNote()).contains("content changed (secret-bearing, not shown)");
    assertThat(c.toString()).doesNotContain("edited-value");
  }

  @Test
  void aFileWrittenWithSecretValuesIsNotShownWhenAPlainFileIsDesiredThere() {
    Node node = Nodes.node("alpha").file("/etc/app.conf", "a=1\n", "0644").build();
    DesiredNode desired = RENDERER.render(node, Nodes.fleet(node));
    DesiredNode withSecrets = alpha();
    DesiredFile refs =
        (DesiredFile) withSecrets.find("/etc/trueup/env/api.service.env").orElseThrow();
    byte[] written =
        SecretEnvFile.substituted(refs, ref -> SecretValue.of("hunter2-value")).content();
    var live = Lives.appliedFrom(desired).file("/etc/app.conf", written, "0644", "root", "root");
    Change c = only(Differ.diff(desired, live.build()));
    assertThat(c.contentDiff()).isEmpty();
    assertThat(c.contentNote()).contains("content changed (secret-bearing, not shown)");
    assertThat(c.toString()).doesNotContain("hunter2");
  }

  @Test
  void somethingElseInTheWayIsReplaced() {
    DesiredNode desired = alpha();
    Change dir = only(Differ.diff(desired, Lives.appliedFrom(desired).symlink("/opt/app").build()));
    assertThat(dir.action()).isEqualTo(Action.REPLACE);
    assertThat(dir.fields().getFirst()).isEqualTo(FieldChange.of("type", "directory", "symlink"));
    Change file =
        only(
            Differ.diff(
                desired,
                Lives.appliedFrom(desired)
                    .directory("/etc/app.conf", "0755", "root", "root")
                    .build()));
    assertThat(file.action()).isEqualTo(Action.REPLACE);
    assertThat(file.kind()).isEqualTo(ResourceKind.FILE);
  }

  @Test
  void markedOrphanIsDeletedUnmarkedNever() {
    DesiredNode desired = alpha();
    var live =
        Lives.appliedFrom(desired)
            .file(
                "/etc/cron.d/trueup-old",
                "# managed by trueup: do not edit\n* * * * * root x\n",
                "0644",
                "root",
                "root")
            .file("/etc/cron.d/backup", "* * * * * root y\n", "0644", "root", "root")
            .file("/etc/app.other", "# managed by trueup: do not edit\n", "0644", "root", "root");
    Change c = only(Differ.diff(desired, live.build()));
    assertThat(c.action()).isEqualTo(Action.DELETE);
    assertThat(c.id()).isEqualTo("/etc/cron.d/trueup-old");
    assertThat(c.kind()).isEqualTo(ResourceKind.SCHEDULE);
    assertThat(c.origin()).isEmpty();
  }

  @Test
  void brokenTemplateNeverDeletesWhatItWouldWrite() {
    Node node =
        Nodes.node("alpha").template("/etc/cron.d/trueup-x", "templates/bad.ftl", Map.of()).build();
    DesiredNode desired =
        new Renderer(p -> Optional.of("${nope}".getBytes())).render(node, Nodes.fleet(node));
    var live =
        Lives.empty("alpha")
            .file(
                "/etc/cron.d/trueup-x",
                "# managed by trueup: do not edit\n",
                "0644",
                "root",
                "root");
    NodeDiff diff = Differ.compare(desired, live.build());
    assertThat(diff.changes()).isEmpty();
    assertThat(diff.notes()).hasSize(1);
  }

  @Test
  void unitStateIsDiffed() {
    DesiredNode desired = alpha();
    Change c =
        only(
            Differ.diff(
                desired,
                Lives.appliedFrom(desired).unit("api.service", "disabled", "failed").build()));
    assertThat(c.action()).isEqualTo(Action.UPDATE);
    assertThat(c.fields())
        .containsExactly(
            FieldChange.of("enabled", "enabled", "disabled"),
            FieldChange.of("active", "active", "failed"));
  }

  @Test
  void withoutSystemdUnitsBecomeANote() {
    DesiredNode desired = alpha();
    NodeDiff diff = Differ.compare(desired, Lives.empty("alpha").noSystemd().build());
    assertThat(diff.changes())
        .extracting(Change::kind)
        .doesNotContain(ResourceKind.UNIT, ResourceKind.UNIT_FILE);
    assertThat(diff.notes())
        .as("the unit and each of its files, none silently dropped")
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(n -> assertThat(n.message()).startsWith("systemd not available on node"))
        .anySatisfy(n -> assertThat(n.message()).contains("unit and its files are not managed"))
        .anySatisfy(n -> assertThat(n.resource()).startsWith(Marker.SYSTEMD_DIRECTORY + "/"));
    assertThat(diff.notes()).allSatisfy(n -> assertThat(n.kind().failsThePlan()).isTrue());
  }

  @Test
  void aFileForSystemdOnANodeWithoutItIsANoteNotSilence() {
    DesiredNode desired =
        new DesiredNode(
            "alpha",
            "development",
            List.of(),
            List.of(
                new DesiredResource.DesiredFile(
                    Marker.SYSTEMD_DIRECTORY + "/app.service.d/override.conf",
                    "[Service]\nNice=5\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    ResourceKind.FILE,
                    false,
                    dev.trueup.diagnostic.SourceLocation.ofFile("nodes/alpha.yaml"))),
            List.of());
    NodeDiff diff = Differ.compare(desired, Lives.empty("alpha").noSystemd().build());
    assertThat(diff.changes()).isEmpty();
    assertThat(diff.notes())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.resource())
                  .isEqualTo(Marker.SYSTEMD_DIRECTORY + "/app.service.d/override.conf");
              assertThat(n.message()).contains("not written");
              assertThat(n.kind().failsThePlan()).isTrue();
            });
  }

  @Test
  void unreachableNodeHasNoChanges() {
    assertThat(Differ.diff(alpha(), Lives.empty("alpha").unreachable("timed out").build()))
        .isEmpty();
  }
}
