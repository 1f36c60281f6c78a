package dev.trueup.cli;

import dev.trueup.engine.DecisionHistory;
import dev.trueup.engine.Drivers;
import dev.trueup.engine.PlanPipeline;
import dev.trueup.engine.PlanRun;
import dev.trueup.engine.Progress;
import dev.trueup.engine.StoreHistory;
import dev.trueup.plan.ExitStatus;
import dev.trueup.plan.Plan;
import dev.trueup.report.Palette;
import dev.trueup.report.PlanJson;
import dev.trueup.report.ValidationJson;
import dev.trueup.report.ValidationText;
import dev.trueup.store.Store;
import dev.trueup.validate.Validator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
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
    stdout.print(output.render(json));
    stdout.flush();
    return ExitStatus.of(plan).code();
  }

  /** {@code POST /api/v1/plan} on a running serve; its plan JSON rendered as a local plan is. */
  private int throughServer(PrintWriter stdout, PrintWriter stderr) {
    String token = System.getenv(apiTokenEnv);
    if (token == null || token.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--server needs serve's API token in $" + apiTokenEnv);
    }
    tools.jackson.databind.node.ObjectNode body =
        dev.trueup.history.HistoryJson.MAPPER.createObjectNode();
    selectionOption.nodes.forEach(body.putArray("nodes")::add);
    selectionOption.environments.forEach(body.putArray("environments")::add);
    selectionOption.groups.forEach(body.putArray("groups")::add);
    java.net.http.HttpResponse<String> r;
    try {
      r =
          java.net.http.HttpClient.newBuilder()
              .connectTimeout(java.time.Duration.ofSeconds(10))
              .build()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(server.replaceAll("/+$", "") + "/api/v1/plan"))
                      .header("Authorization", "Bearer " + token)
                      .header("Content-Type", "application/json")
                      .timeout(java.time.Duration.ofMinutes(10))
                      .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString()))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new CommandFailure("serve at " + server + " did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure("interrupted");
    }
    if (r.statusCode() == 422) {
      stdout.print(r.body());
      stdout.flush();
      stderr.println("trueup plan: the desired state serve follows is invalid (validation above)");
      stderr.flush();
      return ExitStatus.ERROR.code();
    }
    if (r.statusCode() != 200) {
      String why =
          dev.trueup.history.HistoryJson.MAPPER.readTree(r.body()).path("error").asString(r.body());
      throw new CommandFailure("serve answered HTTP " + r.statusCode() + ": " + why);
    }
    String json = r.body();
    if (out != null) {
      PlanFile.save(out, json);
      stderr.println("plan saved to " + out + " (trueup show " + out + ")");
      stderr.flush();
    }
    stdout.print(output.render(json));
    stdout.flush();
    return r.headers().firstValue("X-Trueup-Exit").map(Integer::parseInt).orElse(1);
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
