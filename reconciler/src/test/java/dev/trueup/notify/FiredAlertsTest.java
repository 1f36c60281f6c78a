package dev.trueup.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.model.AlertLevel;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Alertmanager's webhook body as events: level, node, resolution, repeats, unknown nodes. */
class FiredAlertsTest {
  private static JsonNode body(String alerts) {
    return Payload.JSON.readTree(
        "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[" + alerts + "]}");
  }

  private static String alert(String status, String node, String level, String fingerprint) {
    return """
    {"status":"%s","labels":{"alertname":"disk_percent_%s","node":"%s","level":"%s"},
     "annotations":{"summary":"disk_percent above 95 on %s","source":"fleet.yaml"},
     "startsAt":"2026-12-04T10:00:00Z","endsAt":"2026-12-04T10:05:00Z","fingerprint":"%s"}
    """
        .formatted(status, level, node, level, node, fingerprint);
  }

  @Test
  void eachAlertIsAnEventAtItsLevelForItsNodeAndItsResolutionClosesIt() {
    FiredAlerts.Read read =
        FiredAlerts.read(
            body(
                alert("firing", "aurora", "critical", "f1")
                    + ","
                    + alert("resolved", "aurora", "critical", "f1")),
            Set.of("aurora"),
            "node");
    assertThat(read.unknownNodes()).isEmpty();
    Event fired = read.events().get(0);
    assertThat(fired.level()).isEqualTo(AlertLevel.CRITICAL);
    assertThat(fired.kind()).isEqualTo(Event.Kind.ALERT_FIRING);
    assertThat(fired.node()).isEqualTo("aurora");
    assertThat(fired.subject()).isEqualTo("aurora: disk_percent above 95 on aurora");
    assertThat(fired.details()).contains("threshold from fleet.yaml");
    Event resolved = read.events().get(1);
    assertThat(resolved.kind()).isEqualTo(Event.Kind.ALERT_RESOLVED);
    assertThat(resolved.subject()).startsWith("resolved: aurora: ");
    assertThat(resolved.dedupKey()).isNotEqualTo(fired.dedupKey());
  }

  @Test
  void aRepeatOfAnUnchangedAlertHasTheSameKeySoTheOutboxSuppressesIt() {
    String a = alert("firing", "aurora", "high", "f2");
    assertThat(FiredAlerts.read(body(a), Set.of("aurora"), "node").events().get(0).dedupKey())
        .isEqualTo(FiredAlerts.read(body(a), Set.of("aurora"), "node").events().get(0).dedupKey());
  }

  @Test
  void anAlertForANodeTheFleetDoesNotHaveIsKeptAndSaidSo() {
    FiredAlerts.Read read =
        FiredAlerts.read(body(alert("firing", "ghost", "high", "f3")), Set.of("aurora"), "node");
    assertThat(read.unknownNodes()).containsExactly("ghost");
    assertThat(read.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.node()).isEqualTo("*");
              assertThat(e.level()).isEqualTo(AlertLevel.HIGH);
              assertThat(e.subject()).startsWith("unknown node ghost: ");
              assertThat(e.details()).anySatisfy(d -> assertThat(d).contains("node label"));
            });
  }

  @Test
  void aLevelTrueupDoesNotKnowIsHighAndAnotherShapeIsRefused() {
    JsonNode warning =
        Payload.JSON.readTree(
            "{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"x\",\"instance\":\"aurora\",\"severity\":\"warning\"}}]}");
    assertThat(FiredAlerts.read(warning, Set.of("aurora"), "instance").events().get(0).level())
        .isEqualTo(AlertLevel.HIGH);
    assertThatThrownBy(
            () -> FiredAlerts.read(Payload.JSON.readTree("{\"text\":\"hi\"}"), Set.of(), "node"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Alertmanager");
  }
}
