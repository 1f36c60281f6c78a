package dev.trueup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.ChangeClass;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConventionalCommitTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "fix: workers back to 4 | BUGFIX",
        "fix(api): null check | BUGFIX",
        "Fix: capitalised type | BUGFIX",
        "feat: weekly digest | MINOR",
        "feat(billing)!: new plans | MAJOR",
        "feat!: drop v1 | MAJOR",
        "refactor!: rename the schedule | MAJOR",
        "chore: tidy | ",
        "docs: readme | ",
        "Update app.conf | ",
        "fix:no space after colon | ",
      })
  void subjects(String subject, ChangeClass expected) {
    assertThat(ConventionalCommit.parse(subject).changeClass())
        .isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void headerParts() {
    ConventionalCommit c = ConventionalCommit.parse("feat(billing)!: new plans\n\nbody");
    assertThat(c.type()).contains("feat");
    assertThat(c.scope()).contains("billing");
    assertThat(c.breaking()).isTrue();
    assertThat(c.subject()).isEqualTo("feat(billing)!: new plans");
  }

  @Test
  void trailersAreTheLastParagraph() {
    ConventionalCommit c =
        ConventionalCommit.parse(
            "fix: thing\n\nSome prose: with a colon.\n\nChange-Class: Architecture\n"
                + "Reviewed-by: A <a@example.org>\n");
    assertThat(c.trailers())
        .containsOnlyKeys("change-class", "reviewed-by")
        .containsEntry("change-class", List.of("Architecture"));
    assertThat(c.changeClass()).contains(ChangeClass.ARCHITECTURE);
  }

  @Test
  void theTrailerOutranksTheType() {
    assertThat(ConventionalCommit.parse("feat!: big\n\nChange-Class: bugfix").changeClass())
        .contains(ChangeClass.BUGFIX);
  }

  @Test
  void aProseLastParagraphIsNotTrailers() {
    ConventionalCommit c =
        ConventionalCommit.parse("fix: x\n\nChange-Class: business\nbut this line is prose");
    assertThat(c.trailers()).isEmpty();
    assertThat(c.changeClass()).contains(ChangeClass.BUGFIX);
  }

  @Test
  void theSubjectAloneHasNoTrailers() {
    assertThat(ConventionalCommit.parse("Change-Class: business").trailers()).isEmpty();
  }

  @Test
  void breakingChangeFooter() {
    ConventionalCommit c =
        ConventionalCommit.parse("feat: keys\n\nBREAKING CHANGE: the old keys are gone");
    assertThat(c.breaking()).isTrue();
    assertThat(c.changeClass()).contains(ChangeClass.MAJOR);
    assertThat(c.evidence()).isEqualTo("BREAKING CHANGE");
  }

  @Test
  void anUnknownClassNameIsIgnored() {
    assertThat(ConventionalCommit.parse("fix: x\n\nChange-Class: urgent").changeClass())
        .contains(ChangeClass.BUGFIX);
  }

  @Test
  void windowsLineEndings() {
    assertThat(ConventionalCommit.parse("chore: x\r\n\r\nChange-Class: major\r\n").changeClass())
        .contains(ChangeClass.MAJOR);
  }
}
