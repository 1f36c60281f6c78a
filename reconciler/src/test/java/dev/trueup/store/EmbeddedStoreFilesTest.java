package dev.trueup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.cli.CliRunner;
import dev.trueup.testing.StoreHolder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store holds plans with file contents: its directory is 0700 and its files 0600, a
 * directory others can read is refused, and a store another process holds says so — each as a
 * message and exit 1, never a stack trace.
 */
class EmbeddedStoreFilesTest {
  @TempDir Path dir;

  @Test
  void aNewStoreIsCreatedClosedToOthers() throws Exception {
    Path store = dir.resolve("state/trueup/store");
    Store.openEmbedded(store).close();
    assertThat(mode(store)).isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(store)) {
      assertThat(files.toList())
          .isNotEmpty()
          .allSatisfy(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
    }
  }

  @Test
  void filesH2CreatedWithTheUmaskAreTightenedOnOpen() throws Exception {
    Path store = dir.resolve("store");
    Store.openEmbedded(store).close();
    Path db = store.resolve("store.mv.db");
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
    Store.openEmbedded(store).close();
    assertThat(mode(db)).isEqualTo("rw-------");
  }

  @Test
  void aStoreDirectoryOthersCanReadIsRefused() throws Exception {
    Path store = dir.resolve("store");
    Store.openEmbedded(store).close();
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThatThrownBy(() -> Store.openEmbedded(store))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("can be read by other users (mode 0755)")
        .hasMessageContaining("chmod 700 " + store);
    CliRunner.Run run = CliRunner.run("approvals", "--store", store.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("trueup approvals: the embedded store directory " + store)
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
    assertThat(mode(store)).as("left as it was").isEqualTo("rwxr-xr-x");
  }

  @Test
  void aStoreAnotherProcessHoldsSaysSo() throws Exception {
    Path store = dir.resolve("store");
    Store.openEmbedded(store).close();
    Process holder =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                StoreHolder.class.getName(),
                store.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("open");

      CliRunner.Run run = CliRunner.run("history", "--store", store.toString());
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err())
          .startsWith("trueup history: cannot open the state store at jdbc:h2:file:")
          .contains("it is in use by another trueup process")
          .doesNotContain("\tat ")
          .doesNotContain("Exception");
      assertThatThrownBy(() -> DriverManager.getConnection(StoreLocation.embeddedUrl(store)))
          .as("the holder really has it")
          .hasMessageContaining("already in use");
    } finally {
      holder.getOutputStream().close();
      holder.waitFor(30, TimeUnit.SECONDS);
      holder.destroy();
    }
  }

  private static String mode(Path p) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
