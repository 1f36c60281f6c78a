package dev.trueup.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveTest {
  @TempDir Path dir;

  private static Review review(String head) {
    return Review.parse(
        """
        {"format": "trueup-review/1",
         "base": {"ref": "main", "commit": "%1$s", "short": "aaaaaaa"},
         "head": {"ref": "pr", "commit": "%2$s", "short": "%3$s"},
         "valid": true, "plan": null,
         "decisions": {"autoApply": [{}], "waitForApproval": [], "notifyOnly": []},
         "validation": {"errors": 0}}
        """
            .formatted("a".repeat(40), head.repeat(40 / head.length()), head.substring(0, 7)));
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
    assertThat(index).contains("1 auto-apply on merge, 0 wait, 0 notify only");

    Path other = Files.createTempDirectory(dir.getParent(), "again");
    Archive again = new Archive(other);
    again.write(review("cccccccc"), "# two\n", LocalDate.of(2026, 1, 3));
    again.write(review("bbbbbbbb"), "# one\n", LocalDate.of(2026, 1, 2));
    assertThat(Files.readString(other.resolve("index.md"))).isEqualTo(index);
  }
}
