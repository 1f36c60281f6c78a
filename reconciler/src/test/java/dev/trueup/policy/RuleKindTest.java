package dev.trueup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.ChangeClass;
import dev.trueup.render.ResourceKind;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.fixtures.Changes;
import dev.trueup.testing.fixtures.Policies;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A policy rule's {@code match.kind}: the schema accepts exactly the kinds the code has, and a rule
 * naming a kind matches changes of that kind and of no other.
 */
class RuleKindTest {

  @Test
  void theSchemaListsExactlyTheKindsTheCodeHas() throws Exception {
    JsonNode schema =
        JsonMapper.builder()
            .build()
            .readTree(Files.readString(ProjectRoot.resolve("schemas/policy.schema.json")));
    List<String> listed = new ArrayList<>();
    schema.findValue("match").get("properties").get("kind").get("enum").values().stream()
        .map(JsonNode::asString)
        .forEach(listed::add);
    assertThat(listed)
        .containsExactlyElementsOf(
            Arrays.stream(ResourceKind.values()).map(ResourceKind::json).toList());
  }

  @ParameterizedTest
  @EnumSource(ResourceKind.class)
  void aKindMatchesItsOwnChangesOnly(ResourceKind kind) {
    Classifier classifier =
        new Classifier(
            Policies.policy().classRule("r", ChangeClass.BUSINESS, "kind", kind.json()).build());
    for (ResourceKind other : ResourceKind.values()) {
      ChangeClass c =
          classifier
              .classify(Changes.update("aurora", other, "x"), ChangeContext.of("production"))
              .changeClass();
      assertThat(c == ChangeClass.BUSINESS)
          .as("kind %s on a %s change", kind, other)
          .isEqualTo(other == kind);
    }
  }
}
