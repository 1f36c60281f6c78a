package dev.trueup.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.testing.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/trueup in a copy of the checkout's layout, with a stand-in {@code mvn} (slow, writes colour
 * codes like Maven 3.8 does, counts its builds) and a stand-in {@code java} (prints its arguments):
 * what a first run prints, when it builds, and that two first runs build once.
 */
class LauncherTest {

  @TempDir Path checkout;
  private Path builds;

  @BeforeEach
  void layout() throws IOException {
    Path bin = Files.createDirectories(checkout.resolve("bin"));
    Files.copy(ProjectRoot.path().resolve("bin/trueup"), bin.resolve("trueup"));
    executable(bin.resolve("trueup"));
    Files.createDirectories(checkout.resolve("reconciler/src/main/java"));
    Files.writeString(checkout.resolve("reconciler/src/main/java/A.java"), "class A {}\n");
    Files.writeString(checkout.resolve("reconciler/pom.xml"), "<project/>\n");
    Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
    Files.createDirectories(checkout.resolve("schemas"));
    Files.createDirectories(checkout.resolve("templates"));
    builds = checkout.resolve("builds");
    Path tools = Files.createDirectories(checkout.resolve("tools"));
    // Like Maven: the jar is written only when missing (an up-to-date one is left as it is).
    script(
        tools.resolve("mvn"),
        "echo build >> '"
            + builds
            + "'\n"
            + "sleep 1\n"
            + "printf '\\033[0m\\033[0m'\n"
            + "mkdir -p reconciler/target\n"
            + "[ -f reconciler/target/trueup.jar ] || echo jar > reconciler/target/trueup.jar\n");
    Path jdk = Files.createDirectories(checkout.resolve("jdk/bin"));
    Files.writeString(checkout.resolve("jdk/release"), "JAVA_VERSION=\"25.0.1\"\n");
    // As JDK 25 does with an AOT cache: a recording run writes its configuration, a create run the
    // cache (and runs nothing).
    script(
        jdk.resolve("java"),
        """
        for a in "$@"; do
          case $a in
            -XX:AOTMode=*) mode=${a#*=} ;;
            -XX:AOTConfiguration=*) conf=${a#*=} ;;
            -XX:AOTCache=*) aot=${a#*=} ;;
          esac
        done
        [ "$mode" = record ] && echo classes > "$conf"
        if [ "$mode" = create ]; then echo cache > "$aot"; exit 0; fi
        echo "java $*"
        """);
  }

  @Test
  void aFirstRunBuildsOncePrintsNoEscapesAndRunsTheJar() throws Exception {
    Run r = run("version");
    assertThat(r.exit).isZero();
    assertThat(r.err).contains("building").doesNotContain("\u001b");
    assertThat(r.out).contains("-jar " + checkout.resolve("reconciler/target/trueup.jar"));
    assertThat(r.out).endsWith("version\n");
    assertThat(buildCount()).isEqualTo(1);

    Run again = run("version");
    assertThat(again.err).doesNotContain("building");
    assertThat(buildCount()).isEqualTo(1);
  }

  @Test
  void aChangedParentPomRebuildsAndTheRunAfterItDoesNot() throws Exception {
    run("version");
    Path jar = checkout.resolve("reconciler/target/trueup.jar");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    Files.setLastModifiedTime(
        checkout.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(30)));
    for (String f : List.of("reconciler/src/main/java/A.java", "reconciler/pom.xml")) {
      Files.setLastModifiedTime(
          checkout.resolve(f), FileTime.from(Instant.now().minusSeconds(120)));
    }
    assertThat(run("version").err).contains("building");
    assertThat(buildCount()).isEqualTo(2);
    assertThat(run("version").err).doesNotContain("building");
    assertThat(buildCount()).isEqualTo(2);
  }

  @Test
  void theFirstRunRecordsAnAotCacheTheNextUseItAndANewerJarRecordsAgain() throws Exception {
    assertThat(run("version").out).contains("-XX:AOTMode=record");
    Path aot = checkout.resolve("cache/trueup/trueup-25.aot");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(aot) && System.nanoTime() < deadline) {
      Thread.sleep(50); // built in the background once the first run has ended
    }
    assertThat(aot).hasContent("cache");
    assertThat(checkout.resolve("cache/trueup/trueup-25.aot.lock")).doesNotExist();

    Run second = run("version");
    assertThat(second.out).contains("-XX:AOTCache=" + aot).doesNotContain("AOTMode=record");
    assertThat(second.err).isEmpty();

    Files.setLastModifiedTime(aot, FileTime.from(Instant.now().minusSeconds(60)));
    assertThat(run("version").out).contains("-XX:AOTMode=record").doesNotContain("AOTCache=");
    Path lock = checkout.resolve("cache/trueup/trueup-25.aot.lock");
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Files.exists(lock) && System.nanoTime() < deadline) {
      Thread.sleep(50); // the temporary directory is not deleted under the background build
    }
    assertThat(lock).doesNotExist();
  }

  @Test
  void serveNeverRecordsAnAotCache() throws Exception {
    Run r = run("serve");
    assertThat(r.out).contains(" serve").doesNotContain("AOTMode").doesNotContain("AOTCache");
    assertThat(checkout.resolve("cache/trueup/trueup-25.aot.lock")).doesNotExist();
  }

  @Test
  void twoFirstRunsAtOnceBuildOnce() throws Exception {
    Process a = start("version");
    Process b = start("version");
    assertThat(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(a.exitValue()).isZero();
    assertThat(b.exitValue()).isZero();
    assertThat(buildCount()).isEqualTo(1);
  }

  private int buildCount() throws IOException {
    return Files.exists(builds) ? Files.readAllLines(builds).size() : 0;
  }

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) throws Exception {
    Process p = start(args);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes()),
        new String(p.getErrorStream().readAllBytes()));
  }

  private Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(checkout.resolve("bin/trueup").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(checkout.toFile());
    pb.environment().put("PATH", checkout.resolve("tools") + ":/usr/bin:/bin");
    pb.environment().put("JAVA_HOME", checkout.resolve("jdk").toString());
    pb.environment().put("XDG_CACHE_HOME", checkout.resolve("cache").toString());
    pb.environment().remove("TRUEUP_JAR");
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return pb.start();
  }

  private static void script(Path path, String body) throws IOException {
    Files.writeString(path, "#!/bin/sh\n" + body);
    executable(path);
  }

  private static void executable(Path path) throws IOException {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
