package dev.trueup.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.ChangeClass;
import dev.trueup.store.Approval;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A held change's detail and blast radius, from the plan that held it. */
class HeldChangesTest {
  private final ObjectNode plan = HistoryJson.MAPPER.createObjectNode();
  private final ArrayNode nodes = plan.putArray("nodes");

  private HeldChangesTest node(String name, String env, String id, String digest) {
    ObjectNode n = nodes.addObject().put("node", name).put("environment", env);
    ObjectNode c =
        n.putArray("changes")
            .addObject()
            .put("action", "update")
            .put("kind", "file")
            .put("id", id)
            .put("rule", "structural: file");
    c.putArray("fields")
        .addObject()
        .put("field", "content")
        .put("desired", digest)
        .put("live", "sha256:" + name);
    c.putArray("contentDiff").add("@@ -1 +1 @@").add("-old").add("+new");
    return this;
  }

  private static Approval held(String id, String node, String resource) {
    return new Approval(
        id,
        node + "|" + resource,
        node,
        resource,
        "abc",
        ChangeClass.MAJOR,
        Optional.of("major → held"),
        Approval.Status.PENDING,
        Instant.EPOCH,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void theBlastRadiusIsEveryNodeThePlanGivesTheSameChangeInPromotionOrder() {
    node("dev-1", "development", "/etc/edge.conf", "sha256:aaa")
        .node("stage-1", "staging", "/etc/edge.conf", "sha256:aaa")
        .node("prod-1", "production", "/etc/edge.conf", "sha256:aaa")
        .node("prod-2", "production", "/etc/edge.conf", "sha256:bbb") // rendered differently
        .node("prod-3", "production", "/etc/other.conf", "sha256:aaa");
    List<Approval> pending =
        List.of(held("a1", "prod-1", "/etc/edge.conf"), held("a2", "stage-1", "/etc/edge.conf"));

    ObjectNode d = HeldChanges.detail(plan, pending.get(0), pending).orElseThrow();

    assertThat(d.path("change").path("contentDiff").toString()).contains("+new");
    assertThat(d.path("change").path("fields").get(0).path("live").asString())
        .isEqualTo("sha256:prod-1");
    assertThat(d.path("blastRadius").path("nodes").toString())
        .isEqualTo("[\"dev-1\",\"stage-1\",\"prod-1\"]");
    assertThat(d.path("blastRadius").path("environments").toString())
        .isEqualTo("[\"development\",\"staging\",\"production\"]");
    assertThat(d.path("blastRadius").path("heldOn").asLong()).isEqualTo(2);
  }

  @Test
  void aChangeThePlanNoLongerHasHasNoDetail() {
    node("prod-1", "production", "/etc/edge.conf", "sha256:aaa");
    Approval gone = held("a1", "prod-1", "/etc/removed.conf");
    assertThat(HeldChanges.detail(plan, gone, List.of(gone))).isEmpty();
  }

  @Test
  void theDetailIsACopyNotAViewOfThePlan() {
    node("prod-1", "production", "/etc/edge.conf", "sha256:aaa");
    Approval a = held("a1", "prod-1", "/etc/edge.conf");
    ObjectNode d = HeldChanges.detail(plan, a, List.of(a)).orElseThrow();
    ((ObjectNode) d.path("change")).put("id", "changed");
    assertThat(nodes.get(0).path("changes").get(0).path("id").asString())
        .isEqualTo("/etc/edge.conf");
  }
}
