package dev.trueup.cli;

import dev.trueup.engine.DecisionHistory;
import dev.trueup.engine.Drivers;
import dev.trueup.engine.PlanPipeline;
import dev.trueup.engine.PlanRun;
import dev.trueup.engine.Progress;
import dev.trueup.engine.StoreHistory;
import dev.trueup.plan.ExitStatus;
import dev.trueup.plan.Plan;
import dev.trueup.render.Quoting;
import dev.trueup.report.Palette;
import dev.trueup.report.PlanFormat;
import dev.trueup.report.PlanJson;
import dev.trueup.report.ValidationJson;
import dev.trueup.report.ValidationText;
import dev.trueup.store.Store;
import dev.trueup.validate.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trueup plan}: the dry run. Observes the fleet and prints what would change. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Compare the desired state with the live fleet and show what would change.",
    exitCodeListHeading = "%nExit codes (as terraform plan -detailed-exitcode):%n",
    exitCodeList = {
      "0:no changes",
      "2:changes present",
      "1:error: invalid desired state, a name the desired state does not have, a node that could"
          + " not be observed or rendered, or a usage error"
    })
final class PlanCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin RepoOption repoOption;
  @Mixin StoreOption storeOption;
  @Mixin SelectionOption selectionOption;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text, json or markdown (default: ${DEFAULT-VALUE}).")
  PlanFormat output;

  @Option(
      names = "--out",
      description =
          "Also save the plan as JSON to this file (its directory must exist); print it again with"
              + " `trueup show FILE`, apply it with `trueup apply --plan FILE`.")
  Path out;

  @Option(
      names = "--parallelism",
      defaultValue = "16",
      description = "Nodes observed at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Plan through a running serve (its --listen address, http://127.0.0.1:8080): the"
              + " revision it follows, observed over the connections it keeps; same output and exit"
              + " status.")
  String server;

  @Option(
      names = "--api-token-env",
      paramLabel = "VAR",
      defaultValue = "TRUEUP_API_TOKEN",
      description =
          "With --server: the variable holding serve's API token (default: ${DEFAULT-VALUE}).")
  String apiTokenEnv;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    if (out != null) {
      // Before observing anything: a typo in the path should not cost a whole plan.
      PlanFile.checkWritable(out);
    }
    if (server != null) {
      return throughServer(stdout, stderr);
    }
    PlanRun run;
    Optional<Store> store = storeOption.openIfPresent();
    try {
      DecisionHistory history =
          store.<DecisionHistory>map(StoreHistory::new).orElse(DecisionHistory.NONE);
      run =
          new PlanPipeline(
                  new Validator(), Drivers::standard, parallelism, progress(stderr), history)
              .run(Path.of(repoOption.repo), selectionOption.selection());
    } finally {
      store.ifPresent(Store::close);
    }
    if (!run.unknownSelection().isEmpty()) {
      throw new CommandFailure(String.join("; ", run.unknownSelection()));
    }
    if (run.plan().isEmpty()) {
      stdout.print(
          output == PlanFormat.JSON
              ? ValidationJson.render(run.validation())
              : ValidationText.render(run.validation(), repoOption.repo, Palette.detect()));
      stdout.flush();
      return ExitStatus.ERROR.code();
    }
    Plan plan = run.plan().get();
    selectionOption.noteIfNothingMatched(plan, stderr);
    String json = PlanJson.write(plan);
    if (out != null) {
      PlanFile.save(out, json);
      stderr.println("plan saved to " + out + " (trueup show " + out + ")");
      stderr.flush();
    }
    stdout.print(output.render(json, Palette.detect()));
    stdout.flush();
    return ExitStatus.of(plan).code();
  }

  /**
   * {@code POST /api/v1/plan} on a running serve, which also renders the text or markdown (with the
   * palette this terminal takes), so the client does no more than print it: a plan through serve is
   * wanted fast, and most of this JVM's start-up is what it loads. Plain {@link HttpURLConnection}
   * on purpose: {@code java.net.http.HttpClient} loads TLS even for http and leaves a selector
   * thread in native code, which holds the JVM's exit for 300 ms.
   */
  private int throughServer(PrintWriter stdout, PrintWriter stderr) {
    String token = System.getenv(apiTokenEnv);
    if (token == null || token.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--server needs serve's API token in $" + apiTokenEnv);
    }
    // Saving the plan needs its JSON; the rendering is then made here, from the same JSON.
    boolean renderHere = out != null || output == PlanFormat.JSON;
    String query = renderHere ? "" : "?render=" + output.id() + "&palette=" + Palette.detect().id();
    Answer r = post(server.replaceAll("/+$", "") + "/api/v1/plan" + query, token, selection());
    if (r.status() == 422) {
      stdout.print(r.body());
      stdout.flush();
      stderr.println("trueup plan: the desired state serve follows is invalid (validation above)");
      stderr.flush();
      return ExitStatus.ERROR.code();
    }
    if (r.status() != 200) {
      String why =
          r.body().startsWith("{")
              ? dev.trueup.history.HistoryJson.MAPPER.readTree(r.body()).path("error").asString()
              : r.body();
      throw new CommandFailure("serve answered HTTP " + r.status() + ": " + why);
    }
    if (out != null) {
      PlanFile.save(out, r.body());
      stderr.println("plan saved to " + out + " (trueup show " + out + ")");
      stderr.flush();
    }
    stdout.print(renderHere ? output.render(r.body(), Palette.detect()) : r.body());
    stdout.flush();
    return r.exit().orElse(ExitStatus.ERROR.code());
  }

  /** The selection as the API's body: {@code {"nodes": [...], "environments": [...], ...}}. */
  private String selection() {
    return "{\"nodes\": "
        + names(selectionOption.nodes)
        + ", \"environments\": "
        + names(selectionOption.environments)
        + ", \"groups\": "
        + names(selectionOption.groups)
        + "}";
  }

  private static String names(java.util.Collection<String> names) {
    return names.stream().map(Quoting::json).collect(Collectors.joining(", ", "[", "]"));
  }

  private record Answer(int status, String body, Optional<Integer> exit) {}

  private Answer post(String url, String token, String body) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      try {
        c.setConnectTimeout(10_000);
        c.setReadTimeout((int) Duration.ofMinutes(10).toMillis());
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Authorization", "Bearer " + token);
        c.setRequestProperty("Content-Type", "application/json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        c.setFixedLengthStreamingMode(bytes.length);
        try (OutputStream o = c.getOutputStream()) {
          o.write(bytes);
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Optional<Integer> exit =
            Optional.ofNullable(c.getHeaderField("X-Trueup-Exit")).map(Integer::parseInt);
        return new Answer(status, text, exit);
      } finally {
        c.disconnect();
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new CommandFailure("serve at " + server + " did not answer: " + e.getMessage());
    }
  }

  /** Progress on stderr once a run is big enough to make someone wait. */
  private static Progress progress(PrintWriter stderr) {
    return (done, total, node) -> {
      if (total >= 10 && (done == total || done % Math.max(1, total / 10) == 0)) {
        stderr.printf("observed %d/%d nodes%n", done, total);
        stderr.flush();
      }
    };
  }
}
