package dev.trueup.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.backend.Renderer;
import dev.trueup.model.DesiredState;
import dev.trueup.model.EnvValue;
import dev.trueup.model.Node;
import dev.trueup.model.SecretRef;
import dev.trueup.model.cron.CronDialect;
import dev.trueup.model.value.NodePath;
import dev.trueup.model.value.ReservedPaths;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.testing.fixtures.ExampleFleet;
import dev.trueup.testing.fixtures.Nodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every file trueup generates on a node lies where validation refuses user resources, so that a
 * file resource can never fight trueup's own writes. The one exception is a service's unit file,
 * named by the service's unit: a file resource at the same path is a render error of the node.
 */
class GeneratedPathsAreReservedTest {

  @Test
  void everyGeneratedFileOfTheExampleFleetAndOfEveryKindIsReserved() {
    DesiredState example = ExampleFleet.load();
    List<DesiredFile> generated = new ArrayList<>();
    Renderer renderer = new Renderer(path -> Optional.of(new byte[0]));
    for (Node node : example.nodes().values()) {
      generated.addAll(generated(node, renderer.render(node, example)));
    }
    Node every =
        Nodes.node("alpha")
            .schedule("nightly", "0 1 * * *", "true")
            .schedule("weekly", "Mon *-*-* 02:00:00", CronDialect.SYSTEMD, "UTC", "true")
            .systemdService(
                "api", "api.service", Map.of("TOKEN", new EnvValue.Secret(new SecretRef("a/b"))))
            .alert("disk_percent", 90, 95, null)
            .build();
    generated.addAll(generated(every, renderer.render(every, Nodes.fleet(every))));

    assertThat(generated)
        .extracting(DesiredFile::kind)
        .contains(ResourceKind.SCHEDULE, ResourceKind.ALERT_RULES, ResourceKind.FILE);
    for (DesiredFile f : generated) {
      assertThat(ReservedPaths.why(new NodePath(f.path()))).as(f.path()).isPresent();
    }
  }

  /** The files trueup writes of its own accord: not the node's files, not services' unit files. */
  private static List<DesiredFile> generated(Node node, DesiredNode desired) {
    assertThat(desired.errors()).as(node.name()).isEmpty();
    return desired.resources().stream()
        .filter(r -> r instanceof DesiredFile)
        .map(r -> (DesiredFile) r)
        .filter(f -> !node.files().containsKey(f.path()))
        .filter(f -> f.kind() != ResourceKind.UNIT_FILE)
        .toList();
  }
}
