package dev.trueup.review;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForgeLimitsTest {
  @Test
  void aReportThatFitsIsUntouched() {
    assertThat(ForgeLimits.fit("short\n", ForgeLimits.GITHUB, "x")).isEqualTo("short\n");
  }

  @Test
  void aLongReportKeepsItsSummaryClosesItsCodeBlockAndPointsAtTheFullReport() {
    StringBuilder md = new StringBuilder("## summary\n\n```diff\n");
    for (int i = 0; i < 20_000; i++) {
      md.append("+line ").append(i).append('\n');
    }
    md.append("```\n");
    String fitted = ForgeLimits.fit(md.toString(), ForgeLimits.GITHUB, "drift-reports/x.md");
    assertThat(fitted.length()).isLessThanOrEqualTo(ForgeLimits.GITHUB);
    assertThat(fitted).startsWith("## summary\n").contains("drift-reports/x.md");
    assertThat(fitted.split("\n```", -1)).hasSize(3);
    assertThat(ForgeLimits.fit(md.toString(), ForgeLimits.GITHUB, "drift-reports/x.md"))
        .isEqualTo(fitted);
  }
}
