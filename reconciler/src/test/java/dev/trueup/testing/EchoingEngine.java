package dev.trueup.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A container engine on a unix socket that speaks just enough of the Docker API for the docker
 * driver to plan a container and try to create it — and then refuses the create with an error that
 * echoes the request, as some engines do: the environment it was sent (values included), then the
 * whole request body; once JSON-escaped as usual and once with non-ASCII as {@code \}{@code u}
 * escapes. A run of dots before the echo puts the first variable's value where a message cut at
 * {@code cutAt} characters would cut it.
 */
public final class EchoingEngine implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonMapper ASCII =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private final Path socket;
  private final ServerSocketChannel server;
  private final int cutAt;
  private final List<String> creates = Collections.synchronizedList(new ArrayList<>());

  private EchoingEngine(Path socket, ServerSocketChannel server, int cutAt) {
    this.socket = socket;
    this.server = server;
    this.cutAt = cutAt;
  }

  /** Listens on {@code socket} until closed. */
  public static EchoingEngine start(Path socket, int cutAt) throws IOException {
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    EchoingEngine engine = new EchoingEngine(socket, server, cutAt);
    Thread.ofVirtual().name("echoing-engine").start(engine::serve);
    return engine;
  }

  public Path socket() {
    return socket;
  }

  /** The bodies of the create requests received (the test checks the secrets did arrive). */
  public List<String> creates() {
    return List.copyOf(creates);
  }

  private void serve() {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        Thread.ofVirtual().start(() -> connection(client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void connection(SocketChannel client) {
    try (client;
        InputStream in = Channels.newInputStream(client);
        OutputStream out = Channels.newOutputStream(client)) {
      while (true) {
        Request request = Request.read(in);
        if (request == null) {
          return;
        }
        answer(request, out);
      }
    } catch (IOException e) {
      // The client went away.
    }
  }

  private void answer(Request r, OutputStream out) throws IOException {
    String path = r.path().replaceFirst("^/v[0-9.]+", "");
    if (r.method().equals("GET") && path.startsWith("/containers/json")) {
      respond(out, 200, "[]");
    } else if (r.method().equals("GET") && path.startsWith("/images/")) {
      respond(out, 200, "{\"Id\":\"sha256:" + "0".repeat(64) + "\",\"RepoTags\":[]}");
    } else if (r.method().equals("POST") && path.startsWith("/containers/create")) {
      creates.add(r.body());
      respond(out, 500, echo(r.body()));
    } else {
      respond(out, 404, "{\"message\":\"no such object\"}");
    }
  }

  /** {@code {"message": M, "detail": M}}, M = dots, the environment, the request. */
  private String echo(String body) {
    JsonNode request = JSON.readTree(body);
    List<String> env = new ArrayList<>();
    request.path("Env").forEach(e -> env.add(e.asString()));
    String first = env.isEmpty() ? "" : env.get(0).substring(0, env.get(0).indexOf('=') + 1);
    // docker-java's message is "Status 500: " + body; the body starts {"message":"
    int before = "Status 500: {\"message\":\"".length() + "rejected env ".length() + first.length();
    String message =
        ".".repeat(Math.max(0, cutAt - 30 - before))
            + "rejected env "
            + String.join(" ", env)
            + " in request "
            + body;
    return "{\"message\":"
        + JSON.writeValueAsString(message)
        + ",\"detail\":"
        + ASCII.writeValueAsString(message)
        + "}";
  }

  private static void respond(OutputStream out, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + (status == 200 ? " OK" : " Error")
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + bytes.length
            + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
    Files.deleteIfExists(socket);
  }

  /** One HTTP/1.1 request: its line, and its body by Content-Length or chunks. */
  private record Request(String method, String path, String body) {
    static Request read(InputStream in) throws IOException {
      String line = line(in);
      while (line != null && line.isEmpty()) {
        line = line(in);
      }
      if (line == null) {
        return null;
      }
      String[] parts = line.split(" ");
      int length = 0;
      boolean chunked = false;
      for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(h.substring(h.indexOf(':') + 1).strip());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        }
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if (chunked) {
        for (int size = Integer.parseInt(line(in).strip(), 16);
            size > 0;
            size = Integer.parseInt(line(in).strip(), 16)) {
          body.write(in.readNBytes(size));
          line(in);
        }
        line(in);
      } else {
        body.write(in.readNBytes(length));
      }
      return new Request(parts[0], parts[1], body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        b.write(c);
      }
      if (c < 0 && b.size() == 0) {
        return null;
      }
      return b.toString(StandardCharsets.US_ASCII).replaceFirst("\r$", "");
    }
  }
}
