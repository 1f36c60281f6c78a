package dev.trueup.review;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP for the forges' REST APIs: token auth, JSON bodies, and retries with exponential backoff on
 * 429 and 5xx (and on a rate-limited 403), honouring {@code Retry-After}. Never logs or returns the
 * token.
 */
final class ForgeHttp {
  /** How to wait between attempts; tests pass one that records instead of sleeping. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d);
  }

  /** An answer: status code and body. */
  record Answer(int status, String body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private final HttpClient client;
  private final Map<String, String> auth;
  private final int attempts;
  private final Duration base;
  private final Sleeper sleeper;

  ForgeHttp(Map<String, String> auth, int attempts, Duration base, Sleeper sleeper) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.auth = Map.copyOf(auth);
    this.attempts = Math.max(1, attempts);
    this.base = base;
    this.sleeper = sleeper;
  }

  /**
   * @return the last answer, or empty when no answer came at all (connection failures)
   * @throws InterruptedException when interrupted while waiting
   */
  Optional<Answer> send(String method, URI uri, String json) throws InterruptedException {
    Optional<Answer> last = Optional.empty();
    for (int attempt = 0; attempt < attempts; attempt++) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(30))
              .header("Accept", "application/json")
              .header("User-Agent", "trueup");
      auth.forEach(b::header);
      if (json == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json");
        b.method(method, HttpRequest.BodyPublishers.ofString(json));
      }
      Duration wait = backoff(attempt);
      try {
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        last = Optional.of(new Answer(r.statusCode(), r.body()));
        if (!retryable(r)) {
          return last;
        }
        wait = retryAfter(r).orElse(wait);
      } catch (IOException e) {
        last = Optional.empty();
      }
      if (attempt + 1 < attempts) {
        sleeper.sleep(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
      }
    }
    return last;
  }

  private Duration backoff(int attempt) {
    return base.multipliedBy(1L << Math.min(attempt, 10));
  }

  private static boolean retryable(HttpResponse<String> r) {
    int s = r.statusCode();
    if (s == 429 || s >= 500) {
      return true;
    }
    return s == 403
        && r.headers().firstValue("x-ratelimit-remaining").map("0"::equals).orElse(false);
  }

  /** {@code Retry-After} in seconds (HTTP dates are treated as "back off as usual"). */
  static Optional<Duration> retryAfter(HttpResponse<?> r) {
    return r.headers()
        .firstValue("Retry-After")
        .flatMap(
            v -> {
              try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim()))));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }
}
