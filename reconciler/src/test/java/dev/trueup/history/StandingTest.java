package dev.trueup.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one word for a node: the worst of what is true of it wins. */
class StandingTest {
  @Test
  void theWorstOfWhatIsTrueWins() {
    assertThat(Standing.of(true, "a", "b", 2, true, true)).isEqualTo(Standing.AWAY);
    assertThat(Standing.of(false, "a", "b", 2, true, true)).isEqualTo(Standing.FAILED);
    assertThat(Standing.of(false, "a", "b", 2, false, true)).isEqualTo(Standing.HELD);
    assertThat(Standing.of(false, "a", "a", 0, false, true)).isEqualTo(Standing.DRIFTED);
    assertThat(Standing.of(false, "aaaaaaa", "bbbbbbb", 0, false, false))
        .isEqualTo(Standing.BEHIND);
    assertThat(Standing.of(false, null, "b", 0, false, false)).isEqualTo(Standing.NEVER_APPLIED);
    assertThat(Standing.of(false, "a", null, 0, false, false))
        .as("before serve's first run nothing says it is behind")
        .isEqualTo(Standing.IN_SYNC);
  }

  @Test
  void itsWordsAreTheJsonsAndThePagesOwn() {
    assertThat(Standing.IN_SYNC.json()).isEqualTo("in-sync");
    assertThat(Standing.NEVER_APPLIED.json()).isEqualTo("never-applied");
    assertThat(Standing.HELD.label()).isEqualTo("changes held");
    assertThat(Standing.FAILED.tone()).isEqualTo("away");
  }
}
