package dev.trueup.review;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** GitHub (and GitHub Enterprise) REST API v3: issue comments of a pull request, statuses. */
public final class GitHubForge extends RestForge {
  private final String repo;
  private final int pr;

  public GitHubForge(String api, String ownerRepo, int pr, String token) {
    this(api, ownerRepo, pr, token, Duration.ofSeconds(1), ForgeHttp.Sleeper.REAL);
  }

  GitHubForge(
      String api, String ownerRepo, int pr, String token, Duration base, ForgeHttp.Sleeper s) {
    super(
        api,
        new ForgeHttp(
            Map.of("Authorization", "Bearer " + token, "X-GitHub-Api-Version", "2022-11-28"),
            4,
            base,
            s));
    this.repo = ownerRepo;
    this.pr = pr;
  }

  @Override
  public int limit() {
    return ForgeLimits.GITHUB;
  }

  @Override
  URI comments(int page) {
    return URI.create(
        api + "/repos/" + repo + "/issues/" + pr + "/comments?per_page=" + PAGE + "&page=" + page);
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
