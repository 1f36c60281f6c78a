package dev.trueup.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Webhooks as GitHub sends them (HMAC-SHA256 over the raw body), posted to a loopback serve. */
public final class GitHubHooks {
  private GitHubHooks() {}

  /** {@code X-Hub-Signature-256} for {@code body} under {@code secret}. */
  public static String signature(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A push of {@code commit} to {@code refs/heads/main} of acme/fleet. */
  public static String push(String commit) {
    return "{\"ref\":\"refs/heads/main\",\"after\":\"%s\",\"repository\":{\"full_name\":\"acme/fleet\"}}"
        .formatted(commit);
  }

  /** Posts {@code body} signed with {@code secret}; returns the status code. */
  public static int post(int port, String event, String delivery, byte[] body, String secret)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/github"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", signature(body, secret))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
