package dev.trueup.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.diagnostic.Severity;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.TreeCopy;
import dev.trueup.validate.ValidationReport;
import dev.trueup.validate.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What validation warns about but lets through (look-alike letters in node paths, runs in a
 * daylight-saving change), and what depends on today (a calendar date that is past), on the corpus
 * fleet with one node file changed and a fixed clock.
 */
class ValueWarningsTest {
  private static final Path BASE = ProjectRoot.module().resolve("src/test/resources/corpus/base");
  private static final Clock JANUARY_2026 =
      Clock.fixed(Instant.parse("2026-01-15T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path repo;

  private ValidationReport validate(String from, String to, Clock clock) throws IOException {
    TreeCopy.copy(BASE, repo);
    Path alpha = repo.resolve("nodes/alpha.yaml");
    String text = Files.readString(alpha);
    assertThat(text).contains(from);
    Files.writeString(alpha, text.replace(from, to));
    return new Validator(clock).validate(repo);
  }

  private static List<Diagnostic> warnings(ValidationReport report) {
    return report.diagnostics().stream().filter(d -> d.severity() == Severity.WARNING).toList();
  }

  @Test
  void aCyrillicLetterInANodePathIsAWarningNamingTheLetter() throws IOException {
    ValidationReport report =
        validate(
            "  /etc/motd: {source: motd.txt, mode: \"0644\"}",
            "  /\u0435tc/motd: {source: motd.txt, mode: \"0644\"}",
            JANUARY_2026);
    assertThat(report.valid()).isTrue();
    Diagnostic w = warnings(report).getFirst();
    assertThat(w.code()).isEqualTo("path.look-alike");
    assertThat(w.location().toString()).isEqualTo("nodes/alpha.yaml:22:3");
    assertThat(w.path()).isEqualTo("files./\u0435tc/motd");
    assertThat(w.message())
        .isEqualTo(
            "path \"/\u0435tc/motd\" has '\u0435' (U+0435 CYRILLIC SMALL LETTER IE), which looks"
                + " like 'e'");
    assertThat(w.hint()).isEqualTo("if you meant /etc/motd, retype it in plain ASCII");
  }

  @Test
  void aScheduleInTheSpringGapIsAWarningSayingWhatTheNodeDoes() throws IOException {
    ValidationReport report =
        validate(
            "{cron: \"0 2 * * 0\", timezone: UTC,",
            "{cron: \"30 2 * * 0\", timezone: Europe/Berlin,",
            JANUARY_2026);
    assertThat(report.valid()).isTrue();
    Diagnostic w = warnings(report).getFirst();
    assertThat(w.code()).isEqualTo("schedule.daylight-saving");
    assertThat(w.location().toString()).isEqualTo("nodes/alpha.yaml:16:25");
    assertThat(w.path()).isEqualTo("schedules.weekly-backup.cron");
    assertThat(w.message())
        .startsWith("runs in a daylight-saving change of Europe/Berlin: on 2026-03-29")
        .contains("cron skips that run")
        .contains("on 2026-10-25");
  }

  @Test
  void theDaysNamedAreTheComingYearsFromToday() throws IOException {
    Clock june = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    ValidationReport report =
        validate(
            "{cron: \"0 2 * * 0\", timezone: UTC,",
            "{cron: \"30 2 * * 0\", timezone: Europe/Berlin,",
            june);
    assertThat(warnings(report).getFirst().message())
        .contains("on 2026-10-25")
        .contains("on 2027-03-28")
        .doesNotContain("2026-03-29");
  }

  @Test
  void aCalendarDatePastIsAWarningSoTheRevisionStaysValidAsTimePasses() throws IOException {
    String calendar = "{cron: \"2026-06-01 10:00\", dialect: systemd, timezone: UTC,";
    ValidationReport before =
        validate("{cron: \"0 2 * * 0\", timezone: UTC,", calendar, JANUARY_2026);
    assertThat(before.valid()).isTrue();
    assertThat(before.diagnostics()).noneMatch(d -> d.code().equals("schedule.past"));
    Clock july = Clock.fixed(Instant.parse("2026-07-01T00:00:00Z"), ZoneOffset.UTC);
    ValidationReport later = new Validator(july).validate(repo);
    assertThat(later.valid()).isTrue();
    assertThat(later.state()).isPresent();
    Diagnostic e =
        later.diagnostics().stream()
            .filter(d -> d.code().equals("schedule.past"))
            .findFirst()
            .orElseThrow();
    assertThat(e.severity()).isEqualTo(dev.trueup.diagnostic.Severity.WARNING);
    assertThat(e.message())
        .isEqualTo(
            "never fires again: its last date, 2026-06-01 10:00:00 UTC, is past; the timer"
                + " stays installed and idle");
    assertThat(e.hint()).isEqualTo("remove the schedule, or give it a date still to come");
  }
}
