package dev.trueup.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Receives webhooks on {@code POST /webhooks/{github|gitlab|gitea|forgejo|generic}}.
 *
 * <p>In order, before any JSON is parsed: the forge must have a secret (fail closed, 503); the body
 * is read up to the cap and refused with 413 the moment it passes it (a larger Content-Length is
 * refused unread); the signature or token is checked over the raw bytes in constant time (401).
 * Then the delivery id is de-duplicated (a replay gets 200 and does nothing), only the needed
 * fields are read, and the {@link Trigger} is queued for the {@link TriggerSink} on a dispatcher
 * thread. The forge is answered at once (202), however slow the sink.
 */
public final class WebhookReceiver implements HttpHandler, AutoCloseable {
  public static final String PATH = "/webhooks/";
  private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);
  private static final String ZERO_SHA = "0000000000000000000000000000000000000000";
  private static final Set<String> GITHUB_PR_ACTIONS =
      Set.of("opened", "synchronize", "reopened", "ready_for_review");
  private static final Set<String> GITEA_PR_ACTIONS =
      Set.of("opened", "synchronized", "synchronize", "reopened");
  private static final Set<String> GITLAB_MR_ACTIONS = Set.of("open", "update", "reopen");

  private final WebhookConfig config;
  private final TriggerSink sink;
  private final TrueupMetrics metrics;
  private final DeliveryLog deliveries;
  private final Semaphore reads;
  private final BlockingQueue<Trigger> queue;
  private final Thread dispatcher;
  private volatile Http.Listener listener;

  public WebhookReceiver(WebhookConfig config, TriggerSink sink, TrueupMetrics metrics) {
    this.config = config;
    this.sink = sink;
    this.metrics = metrics;
    this.deliveries = new DeliveryLog(config.rememberedDeliveries());
    this.reads = new Semaphore(config.maxConcurrentReads());
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.dispatcher = Thread.ofVirtual().name("trueup-trigger-dispatch").start(this::dispatch);
    for (Forge f : Forge.values()) {
      if (config.secret(f).isEmpty()) {
        log.info("webhooks from {} are refused: no secret is configured", f.label());
      }
    }
  }

  /** Starts a listener of its own (with its own executor) on {@code address}. */
  public WebhookReceiver start(InetSocketAddress address) throws IOException {
    Http.Listener l = Http.Listener.bind(address, "trueup-webhook-");
    l.server().createContext(PATH, this);
    l.server().start();
    this.listener = l;
    return this;
  }

  /** The address the listener is bound to (its port when started on port 0). */
  public InetSocketAddress address() {
    return listener.address();
  }

  @Override
  public void close() {
    if (listener != null) {
      listener.close();
    }
    dispatcher.interrupt();
  }

  /** Triggers waiting for the sink. */
  public int queued() {
    return queue.size();
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String label = "unknown";
    try {
      String segment = ex.getRequestURI().getPath().substring(PATH.length());
      Optional<Forge> forge = Forge.fromPath(segment);
      if (forge.isEmpty() || !"POST".equals(ex.getRequestMethod())) {
        respond(ex, label, WebhookResult.NOT_FOUND, "POST to /webhooks/{forge}");
        return;
      }
      label = forge.get().label();
      handle(ex, forge.get());
    } catch (IOException | RuntimeException e) {
      log.warn("webhook request ({}) failed: {}", label, e.toString());
      throw e;
    } finally {
      ex.close();
    }
  }

  private void handle(HttpExchange ex, Forge forge) throws IOException {
    Optional<byte[]> secret = config.secret(forge);
    if (secret.isEmpty()) {
      log.warn(
          "refused a {} webhook from {}: no secret is configured for {} (fail closed)",
          forge.label(),
          ex.getRemoteAddress().getAddress().getHostAddress(),
          forge.label());
      respond(ex, forge.label(), WebhookResult.NOT_CONFIGURED, "no webhook secret configured");
      return;
    }
    byte[] body;
    try {
      if (!reads.tryAcquire(2, TimeUnit.SECONDS)) {
        respond(ex, forge.label(), WebhookResult.BUSY, "busy, retry later");
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try (InputStream in = ex.getRequestBody()) {
      body = CappedBody.read(in, Http.declaredLength(ex), config.maxBodyBytes());
    } catch (CappedBody.TooLarge e) {
      ex.getResponseHeaders().set("Connection", "close");
      respond(ex, forge.label(), WebhookResult.TOO_LARGE, "body larger than the cap");
      return;
    } finally {
      reads.release();
    }
    Headers h = ex.getRequestHeaders();
    Optional<String> refusal = verify(forge, secret.get(), h, body);
    if (refusal.isPresent()) {
      log.warn(
          "refused a {} webhook from {}: {}",
          forge.label(),
          ex.getRemoteAddress().getAddress().getHostAddress(),
          refusal.get());
      respond(ex, forge.label(), WebhookResult.UNAUTHORIZED, "signature check failed");
      return;
    }
    String delivery = deliveryId(forge, h, body);
    if (!deliveries.firstTime(forge, delivery)) {
      log.info("{} delivery {} already seen: nothing to do", forge.label(), delivery);
      respond(ex, forge.label(), WebhookResult.DUPLICATE, "delivery already received");
      return;
    }
    String contentType = Optional.ofNullable(h.getFirst("Content-Type")).orElse("");
    if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      deliveries.forget(forge, delivery);
      respondStatus(ex, 415, forge.label(), WebhookResult.BAD_REQUEST, "send application/json");
      return;
    }
    String event = Optional.ofNullable(h.getFirst(eventHeader(forge))).orElse("").trim();
    Parsed parsed;
    try {
      parsed = parse(forge, event, delivery, Http.JSON.readTree(body));
    } catch (JacksonException | IllegalArgumentException e) {
      deliveries.forget(forge, delivery);
      respond(ex, forge.label(), WebhookResult.BAD_REQUEST, "unreadable payload");
      return;
    }
    if (parsed.trigger().isEmpty()) {
      respond(ex, forge.label(), WebhookResult.IGNORED, parsed.reason());
      return;
    }
    Trigger t = parsed.trigger().get();
    if (t instanceof Trigger.Push p && !deliveries.newCommit(p.repository(), p.ref(), p.commit())) {
      respond(ex, forge.label(), WebhookResult.DUPLICATE, "commit already triggered");
      return;
    }
    if (!queue.offer(t)) {
      log.warn("trigger queue full: dropped {} (the next poll catches up)", t);
      deliveries.forget(forge, delivery);
      respond(ex, forge.label(), WebhookResult.DROPPED, "queue full; the next poll catches up");
      return;
    }
    respond(ex, forge.label(), WebhookResult.ACCEPTED, parsed.reason());
  }

  private void respond(HttpExchange ex, String forge, WebhookResult result, String reason)
      throws IOException {
    respondStatus(ex, result.status(), forge, result, reason);
  }

  private void respondStatus(
      HttpExchange ex, int status, String forge, WebhookResult result, String reason)
      throws IOException {
    metrics.webhook(forge, result);
    ObjectNode o = Http.object();
    o.put("result", result.label());
    o.put("reason", reason);
    Http.json(ex, status, o);
  }

  // --- verification ------------------------------------------------------------------------------

  private Optional<String> verify(Forge forge, byte[] secret, Headers h, byte[] body) {
    return switch (forge) {
      case GITHUB -> {
        String sig = h.getFirst("X-Hub-Signature-256");
        if (sig == null || !sig.startsWith("sha256=")) {
          yield Optional.of("missing X-Hub-Signature-256");
        }
        yield Signatures.hexMatches(sig.substring(7), Signatures.hmacSha256(secret, body))
            ? Optional.empty()
            : Optional.of("X-Hub-Signature-256 does not match");
      }
      case GITLAB ->
          Signatures.tokenMatches(h.getFirst("X-Gitlab-Token"), secret)
              ? Optional.empty()
              : Optional.of("X-Gitlab-Token missing or wrong");
      case GITEA -> {
        // Forgejo sends both; when its own header is there, it is the one checked.
        String sig = h.getFirst("X-Forgejo-Signature");
        if (sig == null) {
          sig = h.getFirst("X-Gitea-Signature");
        }
        if (sig == null) {
          yield Optional.of("missing X-Gitea-Signature");
        }
        yield Signatures.hexMatches(sig, Signatures.hmacSha256(secret, body))
            ? Optional.empty()
            : Optional.of("X-Gitea-Signature does not match");
      }
      case GENERIC -> verifyGeneric(secret, h, body);
    };
  }

  private Optional<String> verifyGeneric(byte[] secret, Headers h, byte[] body) {
    String sig = h.getFirst("X-Trueup-Signature");
    String ts = h.getFirst("X-Trueup-Timestamp");
    if (sig == null || !sig.startsWith("sha256=") || ts == null) {
      return Optional.of("missing X-Trueup-Signature or X-Trueup-Timestamp");
    }
    long seconds;
    try {
      seconds = Long.parseLong(ts.trim());
    } catch (NumberFormatException e) {
      return Optional.of("X-Trueup-Timestamp is not Unix seconds");
    }
    byte[] signed = (ts.trim() + ".").getBytes(StandardCharsets.US_ASCII);
    if (!Signatures.hexMatches(sig.substring(7), Signatures.hmacSha256(secret, signed, body))) {
      return Optional.of("X-Trueup-Signature does not match");
    }
    long now = config.clock().instant().getEpochSecond();
    if (Math.abs(now - seconds) > config.maxClockSkew().toSeconds()) {
      return Optional.of("X-Trueup-Timestamp " + Instant.ofEpochSecond(seconds) + " is too old");
    }
    return Optional.empty();
  }

  private static String eventHeader(Forge forge) {
    return switch (forge) {
      case GITHUB -> "X-GitHub-Event";
      case GITLAB -> "X-Gitlab-Event";
      case GITEA -> "X-Gitea-Event";
      case GENERIC -> "X-Trueup-Event";
    };
  }

  private static String deliveryId(Forge forge, Headers h, byte[] body) {
    String id =
        switch (forge) {
          case GITHUB -> h.getFirst("X-GitHub-Delivery");
          case GITLAB -> h.getFirst("X-Gitlab-Event-UUID");
          case GITEA ->
              Optional.ofNullable(h.getFirst("X-Forgejo-Delivery"))
                  .orElse(h.getFirst("X-Gitea-Delivery"));
          case GENERIC -> h.getFirst("X-Trueup-Delivery");
        };
    if (id == null || id.isBlank() || id.length() > 200) {
      // No usable id: the same bytes are the same delivery (for generic, the signed timestamp
      // makes each new delivery differ).
      String ts = Optional.ofNullable(h.getFirst("X-Trueup-Timestamp")).orElse("");
      return "sha256:" + Signatures.sha256Hex(concat(ts.getBytes(StandardCharsets.US_ASCII), body));
    }
    return id.trim();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  // --- payloads ----------------------------------------------------------------------------------

  private record Parsed(Optional<Trigger> trigger, String reason) {
    static Parsed ignored(String reason) {
      return new Parsed(Optional.empty(), reason);
    }

    static Parsed of(Trigger t, String reason) {
      return new Parsed(Optional.of(t), reason);
    }
  }

  private Parsed parse(Forge forge, String event, String delivery, JsonNode root) {
    return switch (forge) {
      case GITHUB ->
          switch (event) {
            case "ping" -> Parsed.of(new Trigger.Ping(forge, delivery), "ping");
            case "push" ->
                push(forge, delivery, root, text(root.path("repository"), "full_name"), "after");
            case "pull_request" -> githubStylePr(forge, delivery, root, GITHUB_PR_ACTIONS);
            default -> Parsed.ignored("event " + event + " is not used");
          };
      case GITEA ->
          switch (event) {
            case "push" ->
                push(forge, delivery, root, text(root.path("repository"), "full_name"), "after");
            case "pull_request", "pull_request_sync" ->
                githubStylePr(forge, delivery, root, GITEA_PR_ACTIONS);
            default -> Parsed.ignored("event " + event + " is not used");
          };
      case GITLAB ->
          switch (event) {
            case "Push Hook" ->
                push(
                    forge,
                    delivery,
                    root,
                    text(root.path("project"), "path_with_namespace"),
                    "after");
            case "Tag Push Hook" -> Parsed.ignored("tag pushes do not trigger a branch sync");
            case "Merge Request Hook" -> gitlabMr(forge, delivery, root);
            default -> Parsed.ignored("event " + event + " is not used");
          };
      case GENERIC ->
          switch (event) {
            case "ping" -> Parsed.of(new Trigger.Ping(forge, delivery), "ping");
            case "push" -> push(forge, delivery, root, text(root, "repository"), "commit");
            case "pull_request" -> genericPr(forge, delivery, root);
            default -> Parsed.ignored("event " + event + " is not used");
          };
    };
  }

  private Parsed push(
      Forge forge, String delivery, JsonNode root, String repo, String commitField) {
    String ref = required(root, "ref");
    String commit = required(root, commitField);
    if (ref.startsWith("refs/tags/")) {
      return Parsed.ignored("tag " + ref + " does not trigger a branch sync");
    }
    if (!ref.startsWith("refs/heads/")) {
      return Parsed.ignored(ref + " is not a branch");
    }
    if (commit.equals(ZERO_SHA)) {
      return Parsed.ignored("branch " + ref + " was deleted");
    }
    if (!config.branches().isEmpty() && !config.branches().contains(ref)) {
      return Parsed.ignored("branch " + ref + " is not watched");
    }
    return Parsed.of(new Trigger.Push(forge, delivery, repo, ref, commit), "sync " + ref);
  }

  private Parsed githubStylePr(Forge forge, String delivery, JsonNode root, Set<String> actions) {
    String action = required(root, "action");
    if (!actions.contains(action)) {
      return Parsed.ignored("pull request action " + action + " is not used");
    }
    JsonNode pr = root.path("pull_request");
    long number = root.path("number").asLong(pr.path("number").asLong(0));
    if (number <= 0) {
      throw new IllegalArgumentException("no pull request number");
    }
    return pullRequest(
        forge,
        delivery,
        text(root.path("repository"), "full_name"),
        number,
        action,
        required(pr.path("head"), "ref"),
        required(pr.path("head"), "sha"),
        required(pr.path("base"), "ref"));
  }

  private Parsed gitlabMr(Forge forge, String delivery, JsonNode root) {
    JsonNode mr = root.path("object_attributes");
    String action = text(mr, "action");
    if (!GITLAB_MR_ACTIONS.contains(action)) {
      return Parsed.ignored("merge request action " + action + " is not used");
    }
    long number = mr.path("iid").asLong(0);
    if (number <= 0) {
      throw new IllegalArgumentException("no merge request iid");
    }
    return pullRequest(
        forge,
        delivery,
        text(root.path("project"), "path_with_namespace"),
        number,
        action,
        required(mr, "source_branch"),
        required(mr.path("last_commit"), "id"),
        required(mr, "target_branch"));
  }

  private Parsed genericPr(Forge forge, String delivery, JsonNode root) {
    long number = root.path("number").asLong(0);
    if (number <= 0) {
      throw new IllegalArgumentException("no pull request number");
    }
    return pullRequest(
        forge,
        delivery,
        text(root, "repository"),
        number,
        text(root, "action"),
        required(root, "headRef"),
        required(root, "headCommit"),
        required(root, "baseRef"));
  }

  private static Parsed pullRequest(
      Forge forge,
      String delivery,
      String repo,
      long number,
      String action,
      String head,
      String headCommit,
      String base) {
    Trigger.PullRequest t =
        new Trigger.PullRequest(
            forge, delivery, repo, number, action, qualify(head), headCommit, qualify(base));
    return Parsed.of(t, "drift report for #" + number);
  }

  /** Forges name pull request branches short ({@code main}); trueup speaks in full refs. */
  static String qualify(String branch) {
    return branch.startsWith("refs/") ? branch : "refs/heads/" + branch;
  }

  private static String required(JsonNode node, String field) {
    String v = text(node, field);
    if (v.isEmpty()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return v;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isString() ? v.asString() : "";
  }

  // --- dispatch ----------------------------------------------------------------------------------

  private void dispatch() {
    while (!Thread.currentThread().isInterrupted()) {
      Trigger t;
      try {
        t = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        sink.accept(t);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        log.warn("the trigger sink failed on {}: {}", t, e.toString());
      }
    }
  }
}
