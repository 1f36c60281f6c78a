package dev.trueup.validate;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.model.AlertRule;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.observe.exec.ExecResult;
import dev.trueup.observe.exec.LocalProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PromQL a person wrote (an alert's {@code expr:}) checked by Prometheus's own parser, {@code
 * promtool check rules}, when promtool is installed; without it, one warning says the expressions
 * went unchecked. Each distinct expression is checked once per process: serve validates every
 * revision, and most revisions carry the same expressions.
 */
final class PromQlCheck {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final Map<String, Optional<String>> CHECKED = new ConcurrentHashMap<>();

  private final Optional<Path> promtool;

  PromQlCheck(Optional<Path> promtool) {
    this.promtool = promtool;
  }

  /** promtool from PATH (Debian's prometheus package installs it in /usr/bin). */
  static PromQlCheck installed() {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return new PromQlCheck(Optional.of(candidate));
      }
    }
    return new PromQlCheck(Optional.empty());
  }

  List<Diagnostic> check(DesiredState state) {
    Map<String, SourceLocation> written = new LinkedHashMap<>();
    for (Node node : state.nodes().values()) {
      for (AlertRule rule : node.alerts().values()) {
        rule.expr().ifPresent(e -> written.putIfAbsent(e, rule.origins().of("expr")));
      }
    }
    if (written.isEmpty()) {
      return List.of();
    }
    if (promtool.isEmpty()) {
      SourceLocation first = written.values().iterator().next();
      return List.of(
          Diagnostic.error(
                  "alert.promql-unchecked",
                  first,
                  "alerts",
                  written.size()
                      + " alert expression(s) written by hand were not checked: promtool is not"
                      + " installed")
              .withHint("install Debian's prometheus package (it ships promtool) to check them")
              .asWarning());
    }
    List<Diagnostic> out = new ArrayList<>();
    written.forEach(
        (expr, at) ->
            CHECKED
                .computeIfAbsent(expr, this::problem)
                .ifPresent(
                    why ->
                        out.add(
                            Diagnostic.error(
                                    "alert.promql",
                                    at,
                                    "expr",
                                    "promtool cannot parse this expression: " + why)
                                .withHint("see the PromQL documentation for the syntax"))));
    return out;
  }

  /** What promtool said is wrong with the expression, or empty when it parses. */
  private Optional<String> problem(String expr) {
    Path file = null;
    try {
      file = Files.createTempFile("trueup-promql-", ".yml");
      Files.writeString(
          file,
          "groups:\n  - name: check\n    rules:\n      - alert: check\n        expr: "
              + quoted(expr)
              + "\n",
          StandardCharsets.UTF_8);
      Optional<ExecResult> r =
          LocalProcess.run(
              List.of(promtool.get().toString(), "check", "rules", file.toString()),
              new byte[0],
              DEADLINE,
              64 * 1024,
              "promtool");
      if (r.isEmpty() || r.get().exitCode() == 0) {
        return Optional.empty();
      }
      String said = r.get().stdoutText() + new String(r.get().stderr(), StandardCharsets.UTF_8);
      int at = said.indexOf("could not parse expression:");
      String why =
          at >= 0
              ? said.substring(at + "could not parse expression:".length())
              : said.replace(file.toString(), "rule");
      return Optional.of(why.strip().lines().findFirst().orElse("it does not parse"));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // A temporary file left behind is harmless.
        }
      }
    }
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
