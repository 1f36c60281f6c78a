package dev.trueup.review;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Opens a pull (merge) request on a forge, from a branch trueup pushed onto the branch it tracks:
 * GitHub's and Gitea's {@code POST /repos/{owner}/{repo}/pulls}, GitLab's {@code POST
 * /projects/{id}/merge_requests}. Never throws, never returns or logs the token.
 */
public final class PullRequests {
  private PullRequests() {}

  /** What opening did: the request's web address when the forge gave one. */
  public record Opened(Forge.Outcome outcome, Optional<String> url) {}

  public static Opened open(
      ForgeKind kind,
      String api,
      String project,
      String token,
      String head,
      String base,
      String title,
      String body) {
    String root = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
    ObjectNode json = Review.MAPPER.createObjectNode();
    URI uri;
    Map<String, String> auth;
    switch (kind) {
      case GITHUB -> {
        uri = URI.create(root + "/repos/" + project + "/pulls");
        auth = Map.of("Authorization", "Bearer " + token, "X-GitHub-Api-Version", "2022-11-28");
        json.put("title", title).put("head", head).put("base", base).put("body", body);
      }
      case GITEA -> {
        uri = URI.create(root + "/repos/" + project + "/pulls");
        auth = Map.of("Authorization", "token " + token);
        json.put("title", title).put("head", head).put("base", base).put("body", body);
      }
      case GITLAB -> {
        uri =
            URI.create(
                root
                    + "/projects/"
                    + URLEncoder.encode(project, StandardCharsets.UTF_8)
                    + "/merge_requests");
        auth = Map.of("PRIVATE-TOKEN", token);
        json.put("title", title)
            .put("source_branch", head)
            .put("target_branch", base)
            .put("description", body)
            .put("remove_source_branch", true);
      }
      default -> throw new IllegalStateException(kind.toString());
    }
    ForgeHttp http = new ForgeHttp(auth, 4, Duration.ofSeconds(1), ForgeHttp.Sleeper.REAL);
    try {
      Optional<ForgeHttp.Answer> a = http.send("POST", uri, json.toString());
      if (a.isEmpty()) {
        return new Opened(Forge.Outcome.failed("pull request: no answer"), Optional.empty());
      }
      if (!a.get().ok()) {
        return new Opened(
            Forge.Outcome.failed("pull request: HTTP " + a.get().status()), Optional.empty());
      }
      JsonNode answer = Review.MAPPER.readTree(a.get().body());
      Optional<String> url =
          Optional.ofNullable(answer.get("html_url"))
              .or(() -> Optional.ofNullable(answer.get("web_url")))
              .filter(JsonNode::isString)
              .map(JsonNode::asString);
      return new Opened(Forge.Outcome.ok("opened", "pull request"), url);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Opened(Forge.Outcome.failed("interrupted"), Optional.empty());
    } catch (RuntimeException e) {
      return new Opened(
          Forge.Outcome.failed("unexpected answer: " + e.getClass().getSimpleName()),
          Optional.empty());
    }
  }
}
