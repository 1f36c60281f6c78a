package dev.trueup.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.googlejavaformat.java.Formatter;
import com.google.googlejavaformat.java.FormatterException;
import dev.trueup.testing.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The formatter check of the build: every Java source must be google-java-format clean. Run with
 * {@code -Dformat.fix=true} to rewrite the files instead. (It runs as a test so that it uses the
 * build's JDK 25 toolchain and parses Java 21 syntax; Maven itself runs on 17 here.)
 */
class FormatCheckTest {

  @Test
  void sourcesAreFormatted() throws IOException, FormatterException {
    boolean fix = Boolean.getBoolean("trueup.format.fix");
    Formatter formatter = new Formatter();
    List<String> unformatted = new ArrayList<>();
    for (Path root :
        List.of(
            ProjectRoot.module().resolve("src/main/java"),
            ProjectRoot.module().resolve("src/test/java"))) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String source = Files.readString(file);
          String formatted = formatter.formatSourceAndFixImports(source);
          if (!formatted.equals(source)) {
            if (fix) {
              Files.writeString(file, formatted);
            } else {
              unformatted.add(ProjectRoot.module().relativize(file).toString());
            }
          }
        }
      }
    }
    assertThat(unformatted)
        .as("files not formatted (run: mvn test -Dtest=FormatCheckTest -Dformat.fix=true)")
        .isEmpty();
  }
}
