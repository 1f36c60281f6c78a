package dev.trueup.cli;

import dev.trueup.adopt.AdoptBranch;
import dev.trueup.adopt.AdoptPlanner;
import dev.trueup.adopt.AdoptReview;
import dev.trueup.adopt.Adoption;
import dev.trueup.adopt.RepoEdit;
import dev.trueup.backend.Differ;
import dev.trueup.backend.Renderer;
import dev.trueup.diff.Change;
import dev.trueup.engine.Drivers;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.observe.LiveNode;
import dev.trueup.plan.ExitStatus;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.RepoFiles;
import dev.trueup.report.Palette;
import dev.trueup.report.TerminalText;
import dev.trueup.report.ValidationText;
import dev.trueup.review.ForgeKind;
import dev.trueup.review.PullRequests;
import dev.trueup.source.GitAuth;
import dev.trueup.validate.ValidationReport;
import dev.trueup.validate.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trueup adopt NODE --git-url URL}: live state that moved on purpose (a hot fix over SSH)
 * written back into the desired-state repository on a new branch, pushed, and offered as a pull
 * request; never pushed to the branch the fleet follows.
 */
@Command(
    name = "adopt",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Write a node's live values back into the desired-state repository (a plain source's"
            + " bytes, a field at the layer that sets it) on a new branch, commit it as a"
            + " Conventional Commit, push it, and open a pull request; secrets are never"
            + " written.")
final class AdoptCommand implements Callable<Integer> {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin GitOptions git;

  @Parameters(index = "0", description = "The node whose live state to adopt.")
  String node;

  @Option(
      names = "--resource",
      description = "Only this resource, KIND:ID as plans name it (file:/etc/motd); repeatable.")
  List<String> resources = new ArrayList<>();

  @Option(
      names = "--git-url",
      required = true,
      description = "The desired-state repository: cloned, branched from, pushed to.")
  String gitUrl;

  @Option(
      names = "--forge",
      description = "Open the pull request on github, gitlab or gitea (forgejo too).",
      converter = ReportCommand.ForgeName.class)
  ForgeKind forge;

  @Option(names = "--api", description = "The forge's API base URL.")
  String api;

  @Option(names = "--project", description = "OWNER/REPO (GitLab: the project path or id).")
  String project;

  @Option(
      names = "--token-env",
      defaultValue = "TRUEUP_FORGE_TOKEN",
      description = "The environment variable holding the API token (default: ${DEFAULT-VALUE}).")
  String tokenEnv;

  @Option(
      names = "--dry-run",
      description = "Say what would be written; clone nothing back, push nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GitAuth auth = git.auth(System.getenv(), spec.commandLine());
    String tracked = git.gitRef.replaceFirst("^refs/heads/", "");
    if (forge != null && (api == null || project == null)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--forge needs --api and --project");
    }
    Path work = Files.createTempDirectory("trueup-adopt-");
    try (Git clone = AdoptBranch.cloneAt(gitUrl, tracked, auth, work)) {
      ValidationReport report = new Validator().validate(work);
      if (!report.valid()) {
        out.print(ValidationText.render(report, gitUrl + "@" + tracked, Palette.detect()));
        out.flush();
        err.println(
            "trueup adopt: the desired state at " + tracked + " is invalid: nothing adopted");
        return ExitStatus.ERROR.code();
      }
      DesiredState state = report.state().orElseThrow();
      Node n = state.nodes().get(node);
      if (n == null) {
        throw new CommandFailure("no node " + node + " in the desired state at " + tracked);
      }
      DesiredNode desired = new Renderer(RepoFiles.directory(work)).render(n, state);
      LiveNode live;
      try (Drivers drivers = Drivers.standard(state)) {
        live = drivers.observerFor(n).observe(n, Renderer.request(desired));
      }
      if (!live.observed()) {
        throw new CommandFailure(node + " could not be observed: " + live.reachability());
      }
      List<Change> changes =
          Differ.compare(desired, live).changes().stream()
              .filter(
                  c -> resources.isEmpty() || resources.contains(c.kind().json() + ":" + c.id()))
              .toList();
      if (changes.isEmpty()) {
        out.println(
            node
                + ": live matches desired state"
                + (resources.isEmpty() ? "" : " for " + String.join(", ", resources))
                + ": nothing to adopt");
        out.flush();
        return 0;
      }
      List<Adoption> adoptions =
          new AdoptPlanner(
                  n,
                  live,
                  AdoptReview.secretFinder(n, state),
                  at -> AdoptReview.sharedWith(state, n, at))
              .plan(changes);
      for (Adoption a : adoptions) {
        out.println(TerminalText.line(AdoptReview.line(a)));
      }
      List<RepoEdit> edits = AdoptReview.edits(adoptions);
      if (edits.isEmpty()) {
        out.flush();
        err.println("trueup adopt: nothing of " + node + " can be adopted: nothing was pushed");
        return ExitStatus.ERROR.code();
      }
      if (dryRun) {
        out.println("dry run: nothing was pushed");
        out.flush();
        return 0;
      }
      Instant now = Instant.now();
      String branch = "trueup/adopt/" + node + "-" + STAMP.format(now);
      AdoptBranch.write(work, edits);
      String commit =
          AdoptBranch.commitAndPush(
              clone,
              branch,
              tracked,
              AdoptReview.commitMessage(node, adoptions),
              new PersonIdent(clone.getRepository()),
              gitUrl,
              auth);
      out.printf(
          "pushed %s (%s) to %s%n", branch, commit.substring(0, 12), TerminalText.line(gitUrl));
      if (forge == null) {
        out.printf("open a pull request from %s into %s to review it%n", branch, tracked);
        out.flush();
        return 0;
      }
      String token = System.getenv(tokenEnv);
      if (token == null || token.isBlank()) {
        out.flush();
        err.println("trueup adopt: no pull request opened: no token in $" + tokenEnv);
        return ExitStatus.ERROR.code();
      }
      PullRequests.Opened opened =
          PullRequests.open(
              forge,
              api,
              project,
              token,
              branch,
              tracked,
              AdoptReview.title(node),
              AdoptReview.pullRequestBody(node, adoptions));
      if (!opened.outcome().ok()) {
        out.flush();
        err.println(
            "trueup adopt: the branch is pushed but no pull request was opened: "
                + opened.outcome().detail());
        return ExitStatus.ERROR.code();
      }
      out.println("opened a pull request" + opened.url().map(u -> ": " + u).orElse(""));
      out.flush();
      return 0;
    } catch (GitAPIException | IOException e) {
      throw new CommandFailure("adopt: " + e.getMessage());
    } finally {
      deleteTree(work);
    }
  }

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary clone left behind costs disk, not correctness.
    }
  }
}
