package dev.trueup.driver.host.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.backend.Renderer;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.render.RepoFiles;
import dev.trueup.render.ResourceKind;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.RealPart;
import dev.trueup.testing.fixtures.ExampleFleet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rules file the example fleet renders passes a real {@code promtool check rules}. */
class ExampleRulesPromtoolTest {
  @TempDir Path dir;

  static boolean promtool() {
    return Files.isExecutable(Path.of("/usr/bin/promtool"));
  }

  @Test
  void everyExampleNodesRulesPassPromtool() throws Exception {
    RealPart.PROMETHEUS.require(promtool());
    DesiredState example = ExampleFleet.load();
    Renderer renderer = new Renderer(RepoFiles.directory(ProjectRoot.resolve("desired-state")));
    List<String> args = new ArrayList<>(List.of("/usr/bin/promtool", "check", "rules"));
    for (Node node : example.nodes().values()) {
      DesiredNode desired = renderer.render(node, example);
      for (var r : desired.resources()) {
        if (r.kind() == ResourceKind.ALERT_RULES && r instanceof DesiredFile f) {
          Path file = dir.resolve(node.name() + ".yml");
          Files.writeString(file, f.text());
          args.add(file.toString());
        }
      }
    }
    assertThat(args).hasSizeGreaterThan(4);
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("SUCCESS");
  }
}
