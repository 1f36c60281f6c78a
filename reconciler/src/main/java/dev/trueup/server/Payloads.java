package dev.trueup.server;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * A verified delivery's JSON → the {@link Trigger} it asks for, or why it asks for nothing. Only
 * the needed fields are read; a push or pull request must name the {@link SourceRepository} serve
 * follows, a push a watched branch.
 */
final class Payloads {
  private static final String ZERO_SHA = "0000000000000000000000000000000000000000";
  private static final Set<String> GITHUB_PR_ACTIONS =
      Set.of("opened", "synchronize", "reopened", "ready_for_review");
  private static final Set<String> GITEA_PR_ACTIONS =
      Set.of("opened", "synchronized", "synchronize", "reopened");
  private static final Set<String> GITLAB_MR_ACTIONS = Set.of("open", "update", "reopen");

  private final Set<String> branches;
  private final SourceRepository source;

  Payloads(Set<String> branches, SourceRepository source) {
    this.branches = branches;
    this.source = source;
  }

  record Parsed(Optional<Trigger> trigger, String reason) {
    static Parsed ignored(String reason) {
      return new Parsed(Optional.empty(), reason);
    }

    static Parsed of(Trigger t, String reason) {
      return new Parsed(Optional.of(t), reason);
    }
  }

  /**
   * The repository a payload names: its full name (for the trigger and logs) and every form the
   * forge gives of it (full name, clone and web URLs), any of which may match the source.
   */
  private record Named(String name, List<String> forms) {
    /** GitHub and Gitea: {@code repository.full_name}, {@code clone_url}, ... */
    static Named repository(JsonNode repo) {
      return of(repo, "full_name", "clone_url", "ssh_url", "html_url");
    }

    /** GitLab: {@code project.path_with_namespace}, {@code git_http_url}, ... */
    static Named project(JsonNode project) {
      return of(project, "path_with_namespace", "git_http_url", "git_ssh_url", "web_url");
    }

    /** Generic: the {@code repository} field. */
    static Named generic(JsonNode root) {
      return of(root, "repository");
    }

    private static Named of(JsonNode node, String nameField, String... urlFields) {
      List<String> forms =
          Stream.concat(Stream.of(nameField), Stream.of(urlFields))
              .map(f -> text(node, f))
              .filter(s -> !s.isEmpty())
              .toList();
      return new Named(text(node, nameField), forms);
    }
  }

  Parsed parse(Forge forge, String event, String delivery, JsonNode root) {
    return switch (forge) {
      case GITHUB ->
          switch (event) {
            case "ping" -> Parsed.of(new Trigger.Ping(forge, delivery), "ping");
            case "push" ->
                push(forge, delivery, root, Named.repository(root.path("repository")), "after");
            case "pull_request" -> githubStylePr(forge, delivery, root, GITHUB_PR_ACTIONS);
            default -> Parsed.ignored("event " + event + " is not used");
          };
      case GITEA ->
          switch (event) {
            case "push" ->
                push(forge, delivery, root, Named.repository(root.path("repository")), "after");
            case "pull_request", "pull_request_sync" ->
                githubStylePr(forge, delivery, root, GITEA_PR_ACTIONS);
            default -> Parsed.ignored("event " + event + " is not used");
          };
      case GITLAB ->
          switch (event) {
            case "Push Hook" ->
                push(forge, delivery, root, Named.project(root.path("project")), "after");
            case "Tag Push Hook" -> Parsed.ignored("tag pushes do not trigger a branch sync");
            case "Merge Request Hook" -> gitlabMr(forge, delivery, root);
            default -> Parsed.ignored("event " + event + " is not used");
          };
      case GENERIC ->
          switch (event) {
            case "ping" -> Parsed.of(new Trigger.Ping(forge, delivery), "ping");
            case "push" -> push(forge, delivery, root, Named.generic(root), "commit");
            case "pull_request" -> genericPr(forge, delivery, root);
            default -> Parsed.ignored("event " + event + " is not used");
          };
    };
  }

  /** Why a delivery naming {@code repo} is not for the source; empty when it is. */
  private Optional<String> foreign(Named repo) {
    if (source.matches(repo.forms())) {
      return Optional.empty();
    }
    String named = repo.name().isEmpty() ? "no repository" : "repository " + repo.name();
    return Optional.of(
        switch (source) {
          case SourceRepository.Path p -> named + " is not the source (" + p.path() + ")";
          case SourceRepository.Unknown u -> named + " cannot be matched to the source: " + u.why();
        });
  }

  private Parsed push(Forge forge, String delivery, JsonNode root, Named repo, String commitField) {
    String ref = required(root, "ref");
    String commit = required(root, commitField);
    Optional<String> foreign = foreign(repo);
    if (foreign.isPresent()) {
      return Parsed.ignored(foreign.get());
    }
    if (ref.startsWith("refs/tags/")) {
      return Parsed.ignored("tag " + ref + " does not trigger a branch sync");
    }
    if (!ref.startsWith("refs/heads/")) {
      return Parsed.ignored(ref + " is not a branch");
    }
    if (commit.equals(ZERO_SHA)) {
      return Parsed.ignored("branch " + ref + " was deleted");
    }
    if (!branches.isEmpty() && !branches.contains(ref)) {
      return Parsed.ignored("branch " + ref + " is not watched");
    }
    return Parsed.of(new Trigger.Push(forge, delivery, repo.name(), ref, commit), "sync " + ref);
  }

  private Parsed githubStylePr(Forge forge, String delivery, JsonNode root, Set<String> actions) {
    String action = required(root, "action");
    if (!actions.contains(action)) {
      return Parsed.ignored("pull request action " + action + " is not used");
    }
    JsonNode pr = root.path("pull_request");
    long number = root.path("number").asLong(pr.path("number").asLong(0));
    if (number <= 0) {
      throw new IllegalArgumentException("no pull request number");
    }
    return pullRequest(
        forge,
        delivery,
        Named.repository(root.path("repository")),
        number,
        action,
        required(pr.path("head"), "ref"),
        required(pr.path("head"), "sha"),
        required(pr.path("base"), "ref"));
  }

  private Parsed gitlabMr(Forge forge, String delivery, JsonNode root) {
    JsonNode mr = root.path("object_attributes");
    String action = text(mr, "action");
    if (!GITLAB_MR_ACTIONS.contains(action)) {
      return Parsed.ignored("merge request action " + action + " is not used");
    }
    long number = mr.path("iid").asLong(0);
    if (number <= 0) {
      throw new IllegalArgumentException("no merge request iid");
    }
    return pullRequest(
        forge,
        delivery,
        Named.project(root.path("project")),
        number,
        action,
        required(mr, "source_branch"),
        required(mr.path("last_commit"), "id"),
        required(mr, "target_branch"));
  }

  private Parsed genericPr(Forge forge, String delivery, JsonNode root) {
    long number = root.path("number").asLong(0);
    if (number <= 0) {
      throw new IllegalArgumentException("no pull request number");
    }
    return pullRequest(
        forge,
        delivery,
        Named.generic(root),
        number,
        text(root, "action"),
        required(root, "headRef"),
        required(root, "headCommit"),
        required(root, "baseRef"));
  }

  private Parsed pullRequest(
      Forge forge,
      String delivery,
      Named repo,
      long number,
      String action,
      String head,
      String headCommit,
      String base) {
    Optional<String> foreign = foreign(repo);
    if (foreign.isPresent()) {
      return Parsed.ignored(foreign.get());
    }
    Trigger.PullRequest t =
        new Trigger.PullRequest(
            forge, delivery, repo.name(), number, action, qualify(head), headCommit, qualify(base));
    return Parsed.of(t, "drift report for #" + number);
  }

  /** Forges name pull request branches short ({@code main}); trueup speaks in full refs. */
  static String qualify(String branch) {
    return branch.startsWith("refs/") ? branch : "refs/heads/" + branch;
  }

  private static String required(JsonNode node, String field) {
    String v = text(node, field);
    if (v.isEmpty()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return v;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isString() ? v.asString() : "";
  }
}
