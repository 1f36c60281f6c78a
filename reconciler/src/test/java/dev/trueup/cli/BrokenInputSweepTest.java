package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command with broken arguments and broken files: each must fail with a message and exit 1,
 * never a Java stack trace. What the process would print is captured whole: picocli's writers, what
 * the command's threads write to the JVM's stdout and stderr (where logging goes), and an exception
 * escaping the command line counts as the "Exception in thread main" it would be.
 */
class BrokenInputSweepTest {
  private static Path dir;
  private static Path repo;
  private static Path store;

  @BeforeAll
  static void fixtures() throws Exception {
    dir = Files.createTempDirectory("trueup-sweep-");
    repo = Files.createDirectories(dir.resolve("repo"));
    Path sandbox = Files.createDirectories(dir.resolve("sandbox"));
    store = Files.createDirectories(dir.resolve("store"));
    Files.createDirectories(repo.resolve("nodes"));
    Files.writeString(
        repo.resolve("fleet.yaml"), "fleet: sweep\nenvironments: [development, production]\n");
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        "node: box\nenvironment: development\nconnection: {driver: local, root: %s}\n"
            .formatted(sandbox));
    Path deep = Files.createDirectories(dir.resolve("deep/nodes"));
    Files.copy(repo.resolve("fleet.yaml"), dir.resolve("deep/fleet.yaml"));
    Files.writeString(
        deep.resolve("box.yaml"), "node: box\nlabels: " + "[".repeat(5000) + "]".repeat(5000));
    Files.writeString(dir.resolve("file"), "just a file\n");
    Files.writeString(dir.resolve("not-a-plan.json"), "node: box\n");
    Files.writeString(dir.resolve("other.json"), "{\"format\": \"something else\"}");
    Files.writeString(dir.resolve("half-a-plan.json"), "{\"format\": \"trueup.plan/v1\"}");
    Files.writeString(dir.resolve("empty.json"), "");
    Files.writeString(dir.resolve("deep.json"), "[".repeat(100_000) + "]".repeat(100_000));
  }

  @AfterAll
  static void cleanUp() throws Exception {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static String at(String name) {
    return dir.resolve(name).toString();
  }

  static Stream<Arguments> brokenInvocations() {
    String r = repo.toString();
    String s = store.toString();
    String missing = at("nosuch");
    String file = at("file");
    List<List<String>> cases = new ArrayList<>();
    // no command, unknown command, help for an unknown command
    cases.add(List.of());
    cases.add(List.of("nosuch"));
    cases.add(List.of("help", "nosuch"));
    // validate
    cases.add(List.of("validate", "--repo", missing));
    cases.add(List.of("validate", "--repo", file));
    cases.add(List.of("validate", "--repo", at("deep")));
    cases.add(List.of("validate", "-o", "yaml"));
    cases.add(List.of("validate", "--nosuch"));
    // plan
    cases.add(List.of("plan", "--repo", missing));
    cases.add(List.of("plan", "--repo", at("deep")));
    cases.add(List.of("plan", "--repo", r, "--out", file + "/plan.json"));
    cases.add(List.of("plan", "--repo", r, "--out", missing + "/plan.json"));
    cases.add(List.of("plan", "--repo", r, "--out", at("")));
    cases.add(List.of("plan", "--repo", r, "--node", "nosuch"));
    cases.add(List.of("plan", "--repo", r, "-e", "prod"));
    cases.add(List.of("plan", "--repo", r, "-g", "nosuch"));
    cases.add(List.of("plan", "--repo", r, "--parallelism", "many"));
    cases.add(List.of("plan", "--repo", r, "-o", "yaml"));
    // reconcile
    cases.add(List.of("reconcile"));
    cases.add(List.of("reconcile", "--dry-run", "--repo", missing));
    cases.add(List.of("reconcile", "--dry-run", "--nosuch"));
    // apply
    cases.add(List.of("apply", "--repo", r, "--store", s, "--plan", missing));
    cases.add(List.of("apply", "--repo", r, "--store", s, "--plan", at("not-a-plan.json")));
    cases.add(List.of("apply", "--repo", r, "--store", s, "--plan", at("other.json")));
    cases.add(List.of("apply", "--repo", r, "--store", s, "--plan", at("half-a-plan.json")));
    cases.add(List.of("apply", "--repo", r, "--store", s, "--plan", at("empty.json")));
    cases.add(List.of("apply", "--repo", r, "--store", s, "--plan", at("deep.json")));
    cases.add(List.of("apply", "--repo", r, "--store", s, "--plan", dir.toString()));
    cases.add(List.of("apply", "--repo", missing, "--store", s));
    cases.add(List.of("apply", "--repo", r, "--store", s, "--node", "nosuch"));
    cases.add(List.of("apply", "--repo", r, "--store", file));
    cases.add(List.of("apply", "--repo", r, "--store", "jdbc:nosuch:x"));
    cases.add(List.of("apply", "--max-failed-nodes", "some"));
    // show
    cases.add(List.of("show"));
    cases.add(List.of("show", missing));
    cases.add(List.of("show", at("not-a-plan.json")));
    cases.add(List.of("show", at("half-a-plan.json")));
    cases.add(List.of("show", at("deep.json")));
    cases.add(List.of("show", at("empty.json"), "-o", "yaml"));
    // report
    cases.add(List.of("report", "--base", "main"));
    cases.add(List.of("report", "--repo", missing, "--base", "main", "--head", "x"));
    cases.add(List.of("report", "--repo", file, "--base", "main", "--head", "x"));
    cases.add(List.of("report", "--repo", r, "--base", "main", "--head", "x"));
    cases.add(List.of("report", "--base", "main", "--head", "x", "--date", "yesterday"));
    cases.add(List.of("report", "--base", "main", "--head", "x", "-o", "yaml"));
    cases.add(List.of("report", "--base", "main", "--head", "x", "--forge", "githb"));
    // drift
    cases.add(List.of("drift", "--repo", missing, "--store", s));
    cases.add(List.of("drift", "--repo", r, "--store", file));
    cases.add(List.of("drift", "--repo", r, "--store", s, "-o", "yaml"));
    // history
    cases.add(List.of("history", "--store", s, "--kind", "nope"));
    cases.add(List.of("history", "--store", s, "--since", "nope"));
    cases.add(List.of("history", "--store", s, "--limit", "0"));
    cases.add(List.of("history", "--store", file));
    cases.add(List.of("history", "--store", "jdbc:nosuch:x"));
    cases.add(List.of("history", "show", "abc"));
    cases.add(List.of("history", "--store", s, "show", "5"));
    cases.add(List.of("history", "show", "5", "--store", file));
    // approvals, approve, reject, sync, notify
    cases.add(List.of("approvals", "--store", file));
    cases.add(List.of("approve"));
    cases.add(List.of("approve", "X", "--store", file));
    cases.add(List.of("reject", "X", "--store", s));
    cases.add(List.of("reject", "X", "--note", "no", "--store", file));
    cases.add(List.of("sync", "--store", file));
    cases.add(List.of("notify", "--store", s));
    cases.add(List.of("notify", "--deliver", "--repo", missing, "--store", s));
    // completion
    cases.add(List.of("completion", "fish"));
    // serve: only what is refused before anything starts (serve is covered by its own tests)
    cases.add(List.of("serve", "--nosuch"));
    cases.add(List.of("serve", "--repo", r, "--git-url", missing));
    return cases.stream().map(c -> Arguments.of(String.join(" ", c), c.toArray(String[]::new)));
  }

  /** Set in the test's thread and inherited by the threads a command starts, not by others. */
  private static final InheritableThreadLocal<Boolean> RUNNING_COMMAND =
      new InheritableThreadLocal<>();

  /**
   * Records what the command's threads write, and passes on what other threads write (a thread left
   * over from another test logging is not this command's output).
   */
  private static PrintStream capturing(PrintStream into, PrintStream passOn) {
    OutputStream split =
        new OutputStream() {
          @Override
          public void write(int b) {
            target().write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            target().write(b, off, len);
          }

          private PrintStream target() {
            return Boolean.TRUE.equals(RUNNING_COMMAND.get()) ? into : passOn;
          }
        };
    return new PrintStream(split, true, StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "trueup {0}")
  @MethodSource("brokenInvocations")
  void failsWithAMessageNeverAStackTrace(String shown, String[] args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream jvm = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    PrintStream capture = new PrintStream(jvm, true, StandardCharsets.UTF_8);
    int exit;
    RUNNING_COMMAND.set(true);
    System.setOut(capturing(capture, stdout));
    System.setErr(capturing(capture, stderr));
    try {
      CommandLine cli = Main.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      exit = cli.execute(args);
    } catch (RuntimeException | StackOverflowError e) {
      exit = -1;
      e.printStackTrace(capture);
      capture.print("Exception in thread \"main\" " + e);
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
      RUNNING_COMMAND.remove();
    }
    String everything = out + "\n" + err + "\n" + jvm.toString(StandardCharsets.UTF_8);
    assertThat(everything)
        .as("trueup %s printed:%n%s", shown, everything)
        .doesNotContain("Exception in thread")
        .doesNotContain("\tat ")
        .doesNotContain("Caused by:");
    assertThat(exit).as("exit code of trueup %s; it printed:%n%s", shown, everything).isEqualTo(1);
    assertThat(everything.isBlank()).as("trueup %s says what is wrong", shown).isFalse();
  }
}
