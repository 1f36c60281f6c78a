package dev.trueup.notify;

import dev.trueup.notify.NotificationChannel.Delivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** One JSON POST with timeouts; errors described without the URL (it may carry a token). */
final class Http {
  private final HttpClient client;
  private final Duration timeout;

  Http(Duration timeout) {
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  Delivery postJson(URI uri, byte[] body, Map<String, String> headers) {
    return post(uri, body, "application/json; charset=utf-8", headers);
  }

  Delivery post(URI uri, byte[] body, String contentType, Map<String, String> headers) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(uri)
              .timeout(timeout)
              .header("Content-Type", contentType)
              .header("User-Agent", "trueup")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(b::header);
      HttpResponse<Void> r = client.send(b.build(), HttpResponse.BodyHandlers.discarding());
      int code = r.statusCode();
      return code >= 200 && code < 300
          ? Delivery.sent()
          : Delivery.failed("HTTP " + code + " from the receiver");
    } catch (HttpConnectTimeoutException e) {
      return Delivery.failed("connection timed out after " + timeout.toSeconds() + " s");
    } catch (HttpTimeoutException e) {
      return Delivery.failed("no answer within " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      return Delivery.failed("connection failed (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Delivery.failed("interrupted");
    } catch (RuntimeException e) {
      return Delivery.failed("request failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
