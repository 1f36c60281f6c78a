package dev.trueup.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Debian's chromium, headless, driven over the DevTools protocol with the JDK's own WebSocket (no
 * browser download, no driver). Its resolver knows loopback only, and everything it would fetch on
 * its own (updates, sync, metrics) is off: it reaches 127.0.0.1 and nothing else.
 */
public final class HeadlessChromium implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Process process;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private String session;

  public static boolean available() {
    return Files.isExecutable(BINARY);
  }

  private HeadlessChromium(Process process, WebSocket.Builder builder, URI ws) throws IOException {
    this.process = process;
    StringBuilder frame = new StringBuilder();
    this.socket =
        builder
            .buildAsync(
                ws,
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    frame.append(data);
                    if (last) {
                      JsonNode m = JSON.readTree(frame.toString());
                      frame.setLength(0);
                      if (m.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                        if (f != null) {
                          f.complete(m);
                        }
                      }
                    }
                    w.request(1);
                    return null;
                  }
                })
            .join();
  }

  public static HeadlessChromium start(Path profile) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                List.of(
                    BINARY.toString(),
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--remote-debugging-port=0",
                    "--remote-debugging-address=127.0.0.1",
                    "--user-data-dir=" + profile,
                    "--window-size=1280,860",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-default-apps",
                    "--disable-domain-reliability",
                    "--no-pings",
                    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                    "about:blank"))
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    Instant until = Instant.now().plus(WAIT);
    String line;
    URI ws = null;
    while (ws == null && Instant.now().isBefore(until) && (line = out.readLine()) != null) {
      int at = line.indexOf("ws://");
      if (line.contains("DevTools listening on") && at >= 0) {
        ws = URI.create(line.substring(at).strip());
      }
    }
    if (ws == null) {
      p.destroyForcibly();
      throw new IOException("chromium did not say where its DevTools listen");
    }
    // Keep draining its output so it never blocks on a full pipe.
    Thread.ofVirtual().start(() -> out.lines().forEach(l -> {}));
    HeadlessChromium c =
        new HeadlessChromium(p, HttpClient.newHttpClient().newWebSocketBuilder(), ws);
    String target =
        c.send("Target.createTarget", JSON.createObjectNode().put("url", "about:blank"), false)
            .path("result")
            .path("targetId")
            .asString();
    c.session =
        c.send(
                "Target.attachToTarget",
                JSON.createObjectNode().put("targetId", target).put("flatten", true),
                false)
            .path("result")
            .path("sessionId")
            .asString();
    return c;
  }

  private JsonNode send(String method, ObjectNode params, boolean inPage) {
    int id = ids.incrementAndGet();
    ObjectNode m = JSON.createObjectNode().put("id", id).put("method", method);
    m.set("params", params);
    if (inPage) {
      m.put("sessionId", session);
    }
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    socket.sendText(m.toString(), true).join();
    try {
      JsonNode r = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (r.has("error")) {
        throw new IllegalStateException(method + ": " + r.get("error"));
      }
      return r;
    } catch (Exception e) {
      throw new IllegalStateException(method + " got no answer", e);
    }
  }

  /** Evaluates {@code js} in the page and returns its value as a string. */
  public String eval(String js) {
    return send(
            "Runtime.evaluate",
            JSON.createObjectNode()
                .put("expression", js)
                .put("returnByValue", true)
                .put("awaitPromise", true),
            true)
        .path("result")
        .path("result")
        .path("value")
        .asString("");
  }

  public void navigate(String url) throws InterruptedException {
    send("Page.navigate", JSON.createObjectNode().put("url", url), true);
    awaitLoaded();
  }

  /** Waits until the page in the tab has loaded, after a navigation or a form's submission. */
  public void awaitLoaded() throws InterruptedException {
    Instant until = Instant.now().plus(WAIT);
    Thread.sleep(100);
    while (Instant.now().isBefore(until)) {
      if ("complete".equals(eval("document.readyState"))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the page did not load");
  }

  /** Submits a form by clicking its button, then waits for the page it leads to. */
  public void click(String selector) throws InterruptedException {
    String before = eval("String(performance.timeOrigin)");
    eval("document.querySelector(" + JSON.writeValueAsString(selector) + ").click(); 'clicked'");
    Instant until = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(until) && before.equals(eval("String(performance.timeOrigin)"))) {
      Thread.sleep(50);
    }
    awaitLoaded();
  }

  public byte[] screenshot() {
    String png =
        send("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"), true)
            .path("result")
            .path("data")
            .asString();
    return Base64.getDecoder().decode(png);
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    } catch (RuntimeException e) {
      // closing anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
