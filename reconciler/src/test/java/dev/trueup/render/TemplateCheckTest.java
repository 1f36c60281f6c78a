package dev.trueup.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.model.Node;
import dev.trueup.testing.fixtures.Nodes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Validation renders each node's templates with that node's vars, and says so once per failure. */
class TemplateCheckTest {

  private static TemplateCheck check(Map<String, String> files) {
    return new TemplateCheck(
        path -> Optional.ofNullable(files.get(path)).map(s -> s.getBytes(StandardCharsets.UTF_8)));
  }

  private static Node node(String name, Map<String, Object> vars) {
    return Nodes.node(name).template("/etc/app.env", "templates/app.ftl", vars).build();
  }

  @Test
  void eachNodeRendersWithItsOwnVars() {
    List<Diagnostic> found =
        check(Map.of("templates/app.ftl", "PORT=${vars.port?c}\n"))
            .check(Nodes.fleet(node("a", Map.of("port", 80)), node("b", Map.of())));
    assertThat(found).hasSize(1);
    Diagnostic d = found.getFirst();
    assertThat(d.code()).isEqualTo("template.error");
    assertThat(d.location()).isEqualTo(new SourceLocation("templates/app.ftl", 1, 8));
    assertThat(d.message()).startsWith("for node b: The following has evaluated to null");
    assertThat(d.related()).isEqualTo(new SourceLocation("nodes/b.yaml", 20, 3));
  }

  @Test
  void oneFailureOfManyNodesIsOneDiagnosticNamingThem() {
    Node[] nodes =
        IntStream.range(0, 5).mapToObj(i -> node("n" + i, Map.of())).toArray(Node[]::new);
    List<Diagnostic> found =
        check(Map.of("templates/app.ftl", "HOST=${vars.host}\n")).check(Nodes.fleet(nodes));
    assertThat(found).hasSize(1);
    assertThat(found.getFirst().message())
        .startsWith("for nodes n0, n1, n2 and 2 more: The following has evaluated");
  }

  @Test
  void aTemplateThatRanIntoALimitIsNotRenderedForMoreNodes() {
    Node[] nodes =
        IntStream.range(0, 3).mapToObj(i -> node("n" + i, Map.of())).toArray(Node[]::new);
    List<Diagnostic> found =
        check(Map.of("templates/app.ftl", "<#list 1..100000000 as i>${i}</#list>\n"))
            .check(Nodes.fleet(nodes));
    assertThat(found).hasSize(1);
    assertThat(found.getFirst().code()).isEqualTo("template.limit");
    assertThat(found.getFirst().message())
        .isEqualTo(
            "for node n0: renders more than 1 MiB (not rendered for 2 more nodes that use it)");
  }

  @Test
  void templatesThatRenderAreNoFinding() {
    assertThat(
            check(Map.of("templates/app.ftl", "PORT=${vars.port?c}\n"))
                .check(Nodes.fleet(node("a", Map.of("port", 80)))))
        .isEmpty();
  }
}
