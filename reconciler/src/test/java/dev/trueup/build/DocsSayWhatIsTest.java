package dev.trueup.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs describe what exists. Phrases that promise or excuse ("being built", "in the open
 * issues", "not yet") went stale twice while the features they spoke of landed, so they are not
 * allowed at all: a limit is stated as a limit, and plans live in the issue tracker.
 */
class DocsSayWhatIsTest {
  private static final Pattern STALE =
      Pattern.compile(
          "open issues?|being built|not yet|in this release|future work|tracked in|coming soon");

  @Test
  void noDocumentTalksAboutWorkInProgress() throws IOException {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    List<String> found = new ArrayList<>();
    for (Path doc : documents(repo)) {
      List<String> lines = Files.readAllLines(doc);
      for (int i = 0; i < lines.size(); i++) {
        var m = STALE.matcher(lines.get(i).toLowerCase(Locale.ROOT));
        if (m.find()) {
          found.add(repo.relativize(doc) + ":" + (i + 1) + ": \"" + m.group() + "\"");
        }
      }
    }
    assertThat(found).as("stale phrases in the docs").isEmpty();
  }

  private static List<Path> documents(Path repo) throws IOException {
    List<Path> docs = new ArrayList<>();
    for (String dir : List.of(".", "docs", "lab", "deploy", "desired-state", "schemas", "bench")) {
      Path d = repo.resolve(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> s = Files.list(d)) {
        s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    assertThat(docs).as("documents found under " + repo).isNotEmpty();
    return docs;
  }
}
