package dev.trueup.review;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** GitLab REST API v4: notes of a merge request, commit statuses. */
public final class GitLabForge extends RestForge {
  private final String project;
  private final int mr;

  public GitLabForge(String api, String project, int mr, String token) {
    this(api, project, mr, token, Duration.ofSeconds(1), ForgeHttp.Sleeper.REAL);
  }

  GitLabForge(
      String api, String project, int mr, String token, Duration base, ForgeHttp.Sleeper s) {
    super(api, new ForgeHttp(Map.of("PRIVATE-TOKEN", token), 4, base, s));
    this.project = encode(project);
    this.mr = mr;
  }

  @Override
  public int limit() {
    return ForgeLimits.GITLAB;
  }

  private String notes() {
    return api + "/projects/" + project + "/merge_requests/" + mr + "/notes";
  }

  @Override
  URI comments(int page) {
    return URI.create(notes() + "?sort=asc&order_by=created_at&per_page=" + PAGE + "&page=" + page);
  }

  @Override
  URI createComment() {
    return URI.create(notes());
  }

  @Override
  URI comment(long id) {
    return URI.create(notes() + "/" + id);
  }

  @Override
  String updateMethod() {
    return "PUT";
  }

  @Override
  URI status(String commit) {
    return URI.create(api + "/projects/" + project + "/statuses/" + commit);
  }

  /** GitLab says {@code failed} where the others say {@code failure}. */
  @Override
  ObjectNode statusBody(String state, String description, String targetUrl) {
    ObjectNode o = Review.MAPPER.createObjectNode();
    o.put("state", state.equals("failure") ? "failed" : state);
    o.put("name", STATUS_CONTEXT);
    o.put("description", description);
    if (targetUrl != null) {
      o.put("target_url", targetUrl);
    }
    return o;
  }
}
