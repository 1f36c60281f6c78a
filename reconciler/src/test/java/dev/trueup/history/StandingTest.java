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
  void aShortCommitIdIsTheSameRevisionAsItsFullForm() {
    String full = "3f2c9a1e".repeat(5);
    assertThat(Standing.of(false, "3f2c9a1", full, 0, false, false)).isEqualTo(Standing.IN_SYNC);
    assertThat(Standing.of(false, full, "3f2c9a1", 0, false, false)).isEqualTo(Standing.IN_SYNC);
    assertThat(Standing.sameRevision("3f2c9a", "3f2c9a1e"))
        .as("too short to say it names the same commit")
        .isFalse();
    assertThat(Standing.IN_SYNC.json()).isEqualTo("in-sync");
    assertThat(Standing.HELD.label()).isEqualTo("changes held");
  }
}
