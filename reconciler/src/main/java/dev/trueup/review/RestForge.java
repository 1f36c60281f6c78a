package dev.trueup.review;

import java.net.URI;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sticky comment and commit status over a forge's REST API; subclasses say where things live.
 * Comments are listed page by page (oldest first) and the first one carrying the marker is
 * trueup's.
 */
abstract sealed class RestForge implements Forge permits GitHubForge, GitLabForge, GiteaForge {
  static final int PAGE = 100;
  private static final int MAX_PAGES = 50;

  final String api;
  private final ForgeHttp http;

  RestForge(String api, ForgeHttp http) {
    this.api = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
    this.http = http;
  }

  abstract URI comments(int page);

  /** Whether the comment list is paginated (Gitea returns every comment at once). */
  boolean paged() {
    return true;
  }

  abstract URI createComment();

  abstract URI comment(long id);

  /** PATCH on GitHub and Gitea, PUT on GitLab. */
  abstract String updateMethod();

  abstract URI status(String commit);

  abstract ObjectNode statusBody(String state, String description, String targetUrl);

  @Override
  public final Outcome upsertComment(String body) {
    try {
      Optional<Long> existing = findMarked();
      ObjectNode json = Review.MAPPER.createObjectNode().put("body", body);
      if (existing.isPresent()) {
        return answer(
            http.send(updateMethod(), comment(existing.get()), json.toString()),
            "updated",
            "comment " + existing.get());
      }
      return answer(http.send("POST", createComment(), json.toString()), "created", "comment");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.failed("interrupted");
    } catch (ForgeError e) {
      return Outcome.failed(e.getMessage());
    } catch (RuntimeException e) {
      return Outcome.failed("unexpected answer: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public final Outcome setStatus(
      String commit, String state, String description, String targetUrl) {
    try {
      String desc = description.length() > 140 ? description.substring(0, 139) + "…" : description;
      return answer(
          http.send("POST", status(commit), statusBody(state, desc, targetUrl).toString()),
          "set",
          "status " + state);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.failed("interrupted");
    } catch (ForgeError e) {
      return Outcome.failed(e.getMessage());
    } catch (RuntimeException e) {
      return Outcome.failed("unexpected answer: " + e.getClass().getSimpleName());
    }
  }

  private Optional<Long> findMarked() throws InterruptedException {
    for (int page = 1; page <= MAX_PAGES; page++) {
      URI uri = comments(page);
      ForgeHttp.Answer a = http.send("GET", uri, null).orElseThrow(() -> noAnswer(uri));
      if (!a.ok()) {
        throw new ForgeError("listing comments: HTTP " + a.status() + " from " + uri.getPath());
      }
      JsonNode list = Review.MAPPER.readTree(a.body());
      for (JsonNode c : list) {
        JsonNode body = c.get("body");
        if (body != null && body.isString() && body.asString().contains(ReviewMarkdown.MARKER)) {
          return Optional.of(c.get("id").asLong());
        }
      }
      if (!paged() || list.size() < PAGE) {
        break;
      }
    }
    return Optional.empty();
  }

  private static Outcome answer(Optional<ForgeHttp.Answer> a, String what, String detail) {
    if (a.isEmpty()) {
      return Outcome.failed(detail + ": no answer");
    }
    if (!a.get().ok()) {
      return Outcome.failed(detail + ": HTTP " + a.get().status());
    }
    return Outcome.ok(what, detail);
  }

  private static ForgeError noAnswer(URI uri) {
    return new ForgeError("no answer from " + uri.getHost());
  }

  /** A failure inside one call; turned into an outcome before it leaves the forge. */
  static final class ForgeError extends RuntimeException {
    ForgeError(String message) {
      super(message, null, false, false);
    }
  }

  static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
