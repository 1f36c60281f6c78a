package dev.trueup.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Small helpers over the JDK's HTTP server. */
final class Http {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Logger log = LoggerFactory.getLogger(Http.class);

  private Http() {}

  /**
   * A listener with its own virtual-thread executor, so another listener's load cannot starve it.
   * Its {@code /} context answers every path no other context takes ({@code unknownPath}: a JSON
   * 404), so no path gets the JDK's HTML page.
   */
  record Listener(HttpServer server, ExecutorService executor) implements AutoCloseable {
    static Listener bind(InetSocketAddress address, String threadPrefix, Handler unknownPath)
        throws IOException {
      JdkServerSettings.apply();
      HttpServer server = HttpServer.create(address, 256);
      ExecutorService executor =
          Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(threadPrefix, 0).factory());
      server.setExecutor(executor);
      server.createContext("/", ex -> guarded(ex, unknownPath));
      return new Listener(server, executor);
    }

    InetSocketAddress address() {
      return server.getAddress();
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  interface Handler {
    void handle(HttpExchange ex) throws IOException;
  }

  /**
   * Runs {@code h}; anything it throws is logged and, if nothing was answered yet, answered with a
   * JSON 500 (never a stack trace). The exchange is closed in every case.
   */
  static void guarded(HttpExchange ex, Handler h) throws IOException {
    try {
      h.handle(ex);
    } catch (RuntimeException | Error e) {
      // An Error too (a stack overflow in one request): that request is answered 500 and the
      // listener goes on; without this the client waited for an answer that never came.
      log.warn(
          "{} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e.toString());
      if (ex.getResponseCode() == -1) {
        error(ex, 500, "internal error");
      }
    } finally {
      ex.close();
    }
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static void json(HttpExchange ex, int status, Object body) throws IOException {
    send(ex, status, "application/json; charset=utf-8", JSON.writeValueAsString(body) + "\n");
  }

  static void text(HttpExchange ex, int status, String contentType, String body)
      throws IOException {
    send(ex, status, contentType, body);
  }

  /**
   * The one shape of every error either listener answers: {@code {"error": reason, "status": N}}.
   */
  static ObjectNode errorBody(int status, String reason) {
    ObjectNode o = object();
    o.put("error", reason);
    o.put("status", status);
    return o;
  }

  static void error(HttpExchange ex, int status, String reason) throws IOException {
    json(ex, status, errorBody(status, reason));
  }

  /** 405 with {@code Allow}: the path exists, the method does not. */
  static void methodNotAllowed(HttpExchange ex, Set<String> allowed) throws IOException {
    ex.getResponseHeaders().set("Allow", String.join(", ", allowed));
    error(ex, 405, "use " + String.join(" or ", allowed));
  }

  private static void send(HttpExchange ex, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    if (ex.getRequestMethod().equals("HEAD")) {
      // A HEAD answer has the headers only; the JDK refuses a body for it.
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /**
   * {@code a=1&b=x%20y}, as a query string or a form body is written: each name's first value; a
   * pair that does not decode is left out.
   */
  static java.util.Map<String, String> urlEncoded(String raw) {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String kv : raw.split("&")) {
      int eq = kv.indexOf('=');
      try {
        String name =
            java.net.URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
        out.putIfAbsent(name, value);
      } catch (IllegalArgumentException e) {
        // A malformed pair is no field.
      }
    }
    return out;
  }

  /** The request's query parameters ({@link #urlEncoded}). */
  static java.util.Map<String, String> query(HttpExchange ex) {
    return urlEncoded(ex.getRequestURI().getRawQuery());
  }

  static long declaredLength(HttpExchange ex) {
    String v = ex.getRequestHeaders().getFirst("Content-Length");
    if (v == null) {
      return -1;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
