package dev.trueup.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files: compare output with a committed file, or rewrite the file when the build runs with
 * {@code -Dgolden.update=true} (then review the diff before committing).
 */
public final class Golden {
  private Golden() {}

  public static boolean updating() {
    return Boolean.getBoolean("trueup.golden.update");
  }

  public static void assertMatches(Path golden, String actual) {
    try {
      if (updating()) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, actual);
        return;
      }
      assertThat(golden).as("golden file %s (update with -Dgolden.update=true)", golden).exists();
      assertThat(actual).as("output differs from %s", golden).isEqualTo(Files.readString(golden));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
