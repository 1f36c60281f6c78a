package dev.trueup.diff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
  @Test
  void distantChangesGetSeparateHunks() {
    String a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
    String b = "1\nX\n3\n4\n5\n6\n7\n8\n9\n10\nY\n12\n";
    assertThat(UnifiedDiff.lines(a, b).orElseThrow())
        .containsExactly(
            "@@ -1,5 +1,5 @@",
            " 1",
            "-2",
            "+X",
            " 3",
            " 4",
            " 5",
            "@@ -8,5 +8,5 @@",
            " 8",
            " 9",
            " 10",
            "-11",
            "+Y",
            " 12");
  }

  @Test
  void deletionToEmpty() {
    assertThat(UnifiedDiff.lines("a\nb\n", "").orElseThrow())
        .containsExactly("@@ -1,2 +0,0 @@", "-a", "-b");
  }

  @Test
  void equalTextsHaveNoLines() {
    assertThat(UnifiedDiff.lines("a\n", "a\n").orElseThrow()).isEmpty();
  }

  @Test
  void hugeInputsAreRefused() {
    String a = "x\n".repeat(3000);
    String b = "y\n".repeat(3000);
    assertThat(UnifiedDiff.lines(a, b)).isEmpty();
  }

  @Test
  void longOutputIsCut() {
    String b = "y\n".repeat(500);
    assertThat(UnifiedDiff.lines("", b).orElseThrow())
        .hasSize(UnifiedDiff.MAX_LINES + 1)
        .last()
        .asString()
        .contains("more diff lines not shown");
  }
}
