package dev.trueup.review;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** Gitea and Forgejo REST API v1: issue comments of a pull request, commit statuses. */
public final class GiteaForge extends RestForge {
  private final String repo;
  private final int pr;

  public GiteaForge(String api, String ownerRepo, int pr, String token) {
    this(api, ownerRepo, pr, token, Duration.ofSeconds(1), ForgeHttp.Sleeper.REAL);
  }

  GiteaForge(
      String api, String ownerRepo, int pr, String token, Duration base, ForgeHttp.Sleeper s) {
    super(api, new ForgeHttp(Map.of("Authorization", "token " + token), 4, base, s));
    this.repo = ownerRepo;
    this.pr = pr;
  }

  @Override
  public int limit() {
    return ForgeLimits.GITEA;
  }

  @Override
  URI comments(int page) {
    return URI.create(
        api + "/repos/" + repo + "/issues/" + pr + "/comments?per_page=" + PAGE + "&page=" + page);
  }

  @Override
  boolean paged() {
    return false;
  }

  @Override
  URI createComment() {
    return URI.create(api + "/repos/" + repo + "/issues/" + pr + "/comments");
  }

  @Override
  URI comment(long id) {
    return URI.create(api + "/repos/" + repo + "/issues/comments/" + id);
  }

  @Override
  String updateMethod() {
    return "PATCH";
  }

  @Override
  URI status(String commit) {
    return URI.create(api + "/repos/" + repo + "/statuses/" + commit);
  }

  @Override
  ObjectNode statusBody(String state, String description, String targetUrl) {
    ObjectNode o = Review.MAPPER.createObjectNode();
    o.put("state", state);
    o.put("description", description);
    o.put("context", STATUS_CONTEXT);
    if (targetUrl != null) {
      o.put("target_url", targetUrl);
    }
    return o;
  }
}
