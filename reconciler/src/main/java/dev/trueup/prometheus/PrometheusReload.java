package dev.trueup.prometheus;

import dev.trueup.driver.ContactPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells a Prometheus that its rules files changed ({@code POST /-/reload}, on when it runs with
 * {@code --web.enable-lifecycle}) and checks that it took them: {@code GET /api/v1/rules} lists
 * every group the run wrote. A reload Prometheus refused (a rules file it cannot load keeps the old
 * rules) shows as groups that never appear.
 */
public final class PrometheusReload {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What a reload came to. */
  public sealed interface Result {
    record Reloaded(Set<String> groups, Duration took) implements Result {}

    record Failed(String why) implements Result {}
  }

  private final HttpClient client;
  private final Duration timeout;

  public PrometheusReload(Duration timeout) {
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * @param groups the rule groups that must be loaded afterwards
   * @param within how long to wait for them to show
   */
  public Result reload(String url, Set<String> groups, Duration within) {
    URI base = URI.create(url);
    Optional<String> refused = ContactPolicy.fromEnvironment().refusal(base.getHost());
    if (refused.isPresent()) {
      return new Result.Failed(
          "Prometheus at " + base.getHost() + " not contacted: " + refused.get());
    }
    Instant start = Instant.now();
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(url + "/-/reload"))
                  .timeout(timeout)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return new Result.Failed(
            "reload answered HTTP "
                + r.statusCode()
                + (r.statusCode() == 403 ? " (start Prometheus with --web.enable-lifecycle)" : ""));
      }
      Instant until = start.plus(within);
      Set<String> loaded = Set.of();
      while (true) {
        loaded = groups(url);
        if (loaded.containsAll(groups)) {
          return new Result.Reloaded(new TreeSet<>(groups), Duration.between(start, Instant.now()));
        }
        if (Instant.now().isAfter(until)) {
          Set<String> missing = new TreeSet<>(groups);
          missing.removeAll(loaded);
          return new Result.Failed(
              "reloaded, but Prometheus does not list rule group(s) "
                  + missing
                  + " (a rules file it could not load keeps the old rules)");
        }
        Thread.sleep(200);
      }
    } catch (IOException e) {
      return new Result.Failed("Prometheus did not answer (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result.Failed("interrupted");
    }
  }

  private Set<String> groups(String url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(url + "/api/v1/rules"))
                .timeout(timeout)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Set<String> out = new HashSet<>();
    if (r.statusCode() == 200) {
      for (JsonNode g : JSON.readTree(r.body()).path("data").path("groups")) {
        out.add(g.path("name").asString(""));
      }
    }
    return out;
  }
}
