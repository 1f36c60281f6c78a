package dev.trueup.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.observe.NodeObserver;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {
  private static final NodeObserver NEVER =
      (node, request) -> {
        throw new AssertionError("must not be contacted");
      };

  @ParameterizedTest
  @ValueSource(strings = {"192.0.2.10", "198.51.100.7", "203.0.113.254", "2001:db8::1"})
  void documentationAddressesAreNeverContacted(String host) {
    assertThat(new AddressGuard(NEVER, false).refusal(host))
        .hasValueSatisfying(r -> assertThat(r).contains("documentation address"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "localhost"})
  void loopbackIsAlwaysAllowed(String host) {
    assertThat(new AddressGuard(NEVER, true).refusal(host)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "192.168.1.5", "172.16.0.1", "8.8.8.8", "git.company.io"})
  void loopbackOnlyModeRefusesEverythingElse(String host) {
    assertThat(new AddressGuard(NEVER, true).refusal(host))
        .hasValueSatisfying(r -> assertThat(r).contains("not a loopback address"));
    assertThat(new AddressGuard(NEVER, false).refusal(host)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"example.org", "hooks.example.com", "smtp.example.net", "ci.test", "x.invalid"})
  void reservedExampleNamesAreNeverContacted(String host) {
    assertThat(new AddressGuard(NEVER, false).refusal(host))
        .hasValueSatisfying(r -> assertThat(r).contains("reserved example name"));
  }

  @org.junit.jupiter.api.Test
  void theGuardedApplierAnswersTheHealthMonitorOnlyForAddressesItMayContact() {
    List<dev.trueup.apply.HealthAnswer> answers =
        List.of(new dev.trueup.apply.HealthAnswer("app", true, java.util.Optional.empty()));
    List<String> asked = new java.util.ArrayList<>();
    dev.trueup.apply.NodeApplier inner =
        new dev.trueup.apply.NodeApplier() {
          @Override
          public dev.trueup.apply.NodeApplyResult apply(
              dev.trueup.model.Node node,
              dev.trueup.render.DesiredNode desired,
              List<dev.trueup.diff.Change> changes,
              dev.trueup.apply.ApplyJournal journal) {
            throw new AssertionError("not applied here");
          }

          @Override
          public List<dev.trueup.apply.HealthAnswer> healthNow(dev.trueup.model.Node node) {
            asked.add(node.name());
            return answers;
          }
        };
    dev.trueup.apply.NodeApplier guarded = new AddressGuard(NEVER, true).guard(inner);
    var key = List.<dev.trueup.model.value.HostKey>of();

    assertThat(guarded.healthNow(dev.trueup.testing.TestNodes.ssh("here", 22, "u", false, key)))
        .isEqualTo(answers);
    var away =
        dev.trueup.testing.TestNodes.node(
            "away",
            new dev.trueup.model.Connection.Ssh(
                "192.0.2.7",
                22,
                "u",
                false,
                key,
                new dev.trueup.model.SecretRef("k"),
                dev.trueup.testing.TestNodes.HERE),
            java.util.Map.of());
    assertThat(guarded.healthNow(away)).isEmpty();
    assertThat(asked).containsExactly("here");
  }
}
