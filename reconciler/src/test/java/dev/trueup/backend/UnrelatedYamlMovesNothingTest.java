package dev.trueup.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.RepoFiles;
import dev.trueup.testing.fixtures.ExampleFleet;
import dev.trueup.testing.fixtures.Lives;
import dev.trueup.validate.ValidationReport;
import dev.trueup.validate.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What trueup writes to nodes does not move when unrelated YAML moves: with comment lines inserted
 * at the top of every desired-state file of the example fleet (every declaration's line shifts),
 * every node renders the same bytes, and a node applied from the first form plans nothing for the
 * second. Where things were declared stays in plans and reports, not in the files on nodes.
 */
class UnrelatedYamlMovesNothingTest {

  @Test
  void commentLinesAtTheTopOfEveryFilePlanNoChange(@TempDir Path tmp) throws IOException {
    Path before = tmp.resolve("before");
    Path after = tmp.resolve("after");
    copy(ExampleFleet.root(), before, false);
    copy(ExampleFleet.root(), after, true);
    DesiredState a = valid(before);
    DesiredState b = valid(after);

    int resources = 0;
    int moved = 0;
    for (Node node : a.nodes().values()) {
      DesiredNode first = new Renderer(RepoFiles.directory(before)).render(node, a);
      DesiredNode second =
          new Renderer(RepoFiles.directory(after)).render(b.nodes().get(node.name()), b);
      assertThat(essences(second)).as(node.name()).isEqualTo(essences(first));
      assertThat(Differ.diff(second, Lives.appliedFrom(first).build()))
          .as("%s: applied from the first form, the second plans nothing", node.name())
          .isEmpty();
      resources += first.resources().size();
      for (DesiredResource r : first.resources()) {
        if (second.find(r.id()).orElseThrow().origin().line() != r.origin().line()) {
          moved++;
        }
      }
    }
    assertThat(resources).as("the example fleet renders something").isGreaterThan(20);
    assertThat(moved).as("declarations did move").isGreaterThan(0);
  }

  private static DesiredState valid(Path repo) {
    ValidationReport report = new Validator().validate(repo);
    assertThat(report.valid()).as(report.diagnostics().toString()).isTrue();
    return report.state().orElseThrow();
  }

  private static Map<String, String> essences(DesiredNode node) {
    Map<String, String> out = new TreeMap<>();
    node.resources().forEach(r -> out.put(r.kind().json() + ":" + r.id(), r.essence()));
    return out;
  }

  private static void copy(Path from, Path to, boolean insertComments) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (insertComments && p.getFileName().toString().endsWith(".yaml")) {
          Files.writeString(
              target, "# inserted above everything\n# and a second line\n" + Files.readString(p));
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
