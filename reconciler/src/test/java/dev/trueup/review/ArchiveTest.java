package dev.trueup.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.testing.fixtures.DecidedPlan;
import dev.trueup.validate.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveTest {
  @TempDir Path dir;

  private static Review review(String head) {
    return new Review(
        new Review.Commit("main", "a".repeat(40), "aaaaaaa"),
        new Review.Commit("pr", head.repeat(40 / head.length()), head.substring(0, 7)),
        new Review.PolicySource("base", false),
        DesiredChange.between(Optional.empty(), Optional.empty()),
        Optional.of(DecidedPlan.plan()),
        new ValidationReport(Path.of("."), 1, Optional.of(DecidedPlan.fleet()), List.of()));
  }

  @Test
  void reportsLandBesideTheirJsonAndTheIndexIsTheSameWhateverTheOrder() throws Exception {
    Archive archive = new Archive(dir);
    Path md = archive.write(review("bbbbbbbb"), "# one\n", LocalDate.of(2026, 1, 2));
    archive.write(review("cccccccc"), "# two\n", LocalDate.of(2026, 1, 3));
    String index = Files.readString(dir.resolve("index.md"));

    assertThat(md.getFileName().toString()).isEqualTo("2026-01-02-bbbbbbb.md");
    assertThat(dir.resolve("2026-01-02-bbbbbbb.json")).exists();
    assertThat(index.indexOf("2026-01-03-ccccccc")).isLessThan(index.indexOf("2026-01-02-bbbbbbb"));
    assertThat(index).contains(review("bbbbbbbb").headline());
    assertThat(review("bbbbbbbb").headline())
        .matches("\\d+ auto-apply on merge, \\d+ wait, \\d+ notify only");

    Path other = Files.createTempDirectory(dir.getParent(), "again");
    Archive again = new Archive(other);
    again.write(review("cccccccc"), "# two\n", LocalDate.of(2026, 1, 3));
    again.write(review("bbbbbbbb"), "# one\n", LocalDate.of(2026, 1, 2));
    assertThat(Files.readString(other.resolve("index.md"))).isEqualTo(index);
  }
}
