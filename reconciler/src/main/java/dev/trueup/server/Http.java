package dev.trueup.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Small helpers over the JDK's HTTP server. */
final class Http {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private Http() {}

  /**
   * A listener with its own virtual-thread executor, so another listener's load cannot starve it.
   */
  record Listener(HttpServer server, ExecutorService executor) implements AutoCloseable {
    static Listener bind(InetSocketAddress address, String threadPrefix) throws IOException {
      HttpServer server = HttpServer.create(address, 256);
      ExecutorService executor =
          Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(threadPrefix, 0).factory());
      server.setExecutor(executor);
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

  /** A JSON error: {@code {"error": reason}}. Never a stack trace. */
  static void error(HttpExchange ex, int status, String reason) throws IOException {
    ObjectNode o = object();
    o.put("error", reason);
    json(ex, status, o);
  }

  private static void send(HttpExchange ex, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
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
