package dev.trueup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.model.Policy;
import dev.trueup.render.ResourceKind;
import dev.trueup.testing.fixtures.Changes;
import dev.trueup.testing.fixtures.Policies;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeletionGuardTest {

  static List<Change> deletions(int n) {
    List<Change> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Changes.change("n", ResourceKind.FILE, "/etc/f" + i, Action.DELETE));
    }
    out.add(Changes.file("n", "/etc/kept")); // updates do not count
    return out;
  }

  @Test
  void anEmptyDesiredStateIsRefused() {
    DeletionGuard.Result r = DeletionGuard.check(Policy.defaults(), deletions(10), 10, false);
    assertThat(r).isInstanceOf(DeletionGuard.Refused.class);
    assertThat(r.allowed()).isFalse();
    assertThat(r.message())
        .isEqualTo(
            "refusing to delete 10 of 10 managed resources (100%; maxDeleteFraction is 50%): is"
                + " the desired state the one you meant (not an empty directory or the wrong"
                + " branch)? Allow it explicitly if this is intended.");
  }

  @Test
  void upToTheFractionIsAllowed() {
    assertThat(DeletionGuard.check(Policy.defaults(), deletions(5), 10, false).allowed()).isTrue();
    assertThat(DeletionGuard.check(Policy.defaults(), deletions(6), 10, false).allowed()).isFalse();
  }

  @Test
  void anExplicitAllowOverrides() {
    DeletionGuard.Result r = DeletionGuard.check(Policy.defaults(), deletions(10), 10, true);
    assertThat(r.allowed()).isTrue();
    assertThat(r.message()).endsWith("explicitly allowed");
  }

  @Test
  void theFractionComesFromPolicy() {
    Policy strict = Policies.policy().maxDeleteFraction(0.1).build();
    assertThat(DeletionGuard.check(strict, deletions(2), 10, false).allowed()).isFalse();
    assertThat(DeletionGuard.check(strict, deletions(1), 10, false).allowed()).isTrue();
  }

  @Test
  void nothingManagedNothingRefused() {
    assertThat(DeletionGuard.check(Policy.defaults(), 0, 0, false).allowed()).isTrue();
  }
}
