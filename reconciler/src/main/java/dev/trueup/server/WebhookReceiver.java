package dev.trueup.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Receives webhooks on {@code POST /webhooks/{github|gitlab|gitea|forgejo|generic}}.
 *
 * <p>In order, before any JSON is parsed: the forge must have a secret (fail closed, 503); what the
 * headers alone can refuse is refused before the body is read (a Content-Length over the cap, 413;
 * a missing or malformed signature, a wrong GitLab token, a stale generic timestamp, 401); the body
 * is read in the lane {@link BodyAdmission} gives it, within that lane's deadline ({@link
 * ReadDeadline}: a body too slow is cut off), and refused with 413 the moment it passes the cap;
 * the signature is checked over the raw bytes in constant time (401). Then the delivery id is
 * de-duplicated (a replay gets 200 and does nothing), the payload is read ({@link Payloads}: it
 * must name the source repository), and the {@link Trigger} is queued for the {@link TriggerSink}
 * on a dispatcher thread. The forge is answered at once (202), however slow the sink.
 */
public final class WebhookReceiver implements HttpHandler, AutoCloseable {
  public static final String PATH = "/webhooks/";
  private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);
  private static final Set<String> POST = Set.of("POST");

  /**
   * How long the rest of a refused body is drained after the answer (the JDK reads up to 64 KiB of
   * it, so that the client sees the answer rather than a reset); a slow client is cut off then.
   */
  static final Duration DRAIN_TIME = Duration.ofSeconds(1);

  private final WebhookConfig config;
  private final TriggerSink sink;
  private final TrueupMetrics metrics;
  private final DeliveryLog deliveries;
  private final RefusalLog refusals = new RefusalLog(log, Clock.systemUTC());
  private final DeliveryAuth auth;
  private final Payloads payloads;
  private final BodyAdmission admission;
  private final ScheduledThreadPoolExecutor deadlines;
  private final BlockingQueue<Trigger> queue;
  private final Thread dispatcher;
  private volatile Http.Listener listener;

  public WebhookReceiver(WebhookConfig config, TriggerSink sink, TrueupMetrics metrics) {
    this.config = config;
    this.sink = sink;
    this.metrics = metrics;
    this.deliveries = new DeliveryLog(config.rememberedDeliveries());
    this.auth = new DeliveryAuth(config.clock(), config.maxClockSkew());
    this.payloads = new Payloads(config.branches(), config.repository());
    this.admission = new BodyAdmission(config.reads());
    this.deadlines =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("trueup-webhook-deadlines").factory());
    deadlines.setRemoveOnCancelPolicy(true);
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
    Http.Listener l =
        Http.Listener.bind(
            address,
            "trueup-webhook-",
            ex ->
                refuseUnread(
                    ex, "unknown", WebhookResult.NOT_FOUND, "POST to " + PATH + "{forge}"));
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
    deadlines.shutdownNow();
    dispatcher.interrupt();
  }

  /** Triggers waiting for the sink. */
  public int queued() {
    return queue.size();
  }

  /** Bodies being read now, in either lane. */
  int bodiesBeingRead() {
    return admission.reading();
  }

  /** A body cut off at its deadline: the connection is closed, there is no one to answer. */
  private static final class BodyTimedOut extends IOException {
    BodyTimedOut() {
      super("the body did not arrive within its deadline");
    }
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String[] label = {"unknown"};
    try {
      Http.guarded(
          ex,
          e -> {
            String segment = e.getRequestURI().getPath().substring(PATH.length());
            Optional<Forge> forge = Forge.fromPath(segment);
            if (forge.isEmpty()) {
              refuseUnread(e, "unknown", WebhookResult.NOT_FOUND, "POST to " + PATH + "{forge}");
              return;
            }
            label[0] = forge.get().label();
            if (!"POST".equals(e.getRequestMethod())) {
              e.getResponseHeaders().set("Allow", String.join(", ", POST));
              refuseUnread(e, label[0], WebhookResult.METHOD_NOT_ALLOWED, "use POST");
              return;
            }
            handle(e, forge.get());
          });
    } catch (BodyTimedOut e) {
      throw e; // counted and logged where it was cut
    } catch (IOException e) {
      String from = ex.getRemoteAddress().getAddress().getHostAddress();
      refusals.warn(label[0], "failed", "lost", from, e.toString());
      throw e;
    }
  }

  private void handle(HttpExchange ex, Forge forge) throws IOException {
    String from = ex.getRemoteAddress().getAddress().getHostAddress();
    Optional<byte[]> secret = config.secret(forge);
    if (secret.isEmpty()) {
      refusals.warn(
          forge.label(),
          "not_configured",
          "refused",
          from,
          "no secret is configured for " + forge.label() + " (fail closed)");
      refuseUnread(ex, forge.label(), WebhookResult.NOT_CONFIGURED, "no webhook secret configured");
      return;
    }
    Headers h = ex.getRequestHeaders();
    long declared = Http.declaredLength(ex);
    if (declared > config.maxBodyBytes()) {
      refuseUnread(ex, forge.label(), WebhookResult.TOO_LARGE, "body larger than the cap");
      return;
    }
    Optional<String> early = auth.refuseOnHeaders(forge, secret.get(), h);
    if (early.isPresent()) {
      refusals.warn(forge.label(), "unauthorized", "refused", from, early.get());
      refuseUnread(ex, forge.label(), WebhookResult.UNAUTHORIZED, "signature check failed");
      return;
    }
    Optional<byte[]> read = readBody(ex, forge, declared);
    if (read.isEmpty()) {
      return;
    }
    byte[] body = read.get();
    Optional<String> refusal = auth.refuseOnBody(forge, secret.get(), h, body);
    if (refusal.isPresent()) {
      refusals.warn(forge.label(), "unauthorized", "refused", from, refusal.get());
      refuse(ex, forge.label(), WebhookResult.UNAUTHORIZED, "signature check failed");
      return;
    }
    String delivery = deliveryId(forge, h, body);
    if (!deliveries.firstTime(forge, delivery)) {
      log.info("{} delivery {} already seen: nothing to do", forge.label(), delivery);
      answer(ex, forge.label(), WebhookResult.DUPLICATE, "delivery already received");
      return;
    }
    String contentType = Optional.ofNullable(h.getFirst("Content-Type")).orElse("");
    if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      deliveries.forget(forge, delivery);
      answer(ex, 415, forge.label(), WebhookResult.BAD_REQUEST, "send application/json");
      return;
    }
    String event = Optional.ofNullable(h.getFirst(eventHeader(forge))).orElse("").trim();
    Payloads.Parsed parsed;
    try {
      parsed = payloads.parse(forge, event, delivery, Http.JSON.readTree(body));
    } catch (JacksonException | IllegalArgumentException e) {
      deliveries.forget(forge, delivery);
      refuse(ex, forge.label(), WebhookResult.BAD_REQUEST, "unreadable payload");
      return;
    }
    if (parsed.trigger().isEmpty()) {
      log.info("{} delivery {} ignored: {}", forge.label(), delivery, parsed.reason());
      answer(ex, forge.label(), WebhookResult.IGNORED, parsed.reason());
      return;
    }
    Trigger t = parsed.trigger().get();
    if (t instanceof Trigger.Push p && !deliveries.newCommit(p.repository(), p.ref(), p.commit())) {
      answer(ex, forge.label(), WebhookResult.DUPLICATE, "commit already triggered");
      return;
    }
    if (!queue.offer(t)) {
      log.warn("trigger queue full: dropped {} (the next poll catches up)", t);
      deliveries.forget(forge, delivery);
      answer(ex, forge.label(), WebhookResult.DROPPED, "queue full; the next poll catches up");
      return;
    }
    answer(ex, forge.label(), WebhookResult.ACCEPTED, parsed.reason());
  }

  /**
   * The body, read in the lane it was admitted to and within that lane's deadline; empty when it
   * was refused (answered here).
   *
   * @throws BodyTimedOut when the deadline cut it off (the connection is closed)
   */
  private Optional<byte[]> readBody(HttpExchange ex, Forge forge, long declared)
      throws IOException {
    InetAddress client = ex.getRemoteAddress().getAddress();
    InputStream in = ex.getRequestBody();
    try (BodyAdmission.Pass pass = admission.admit(client);
        ReadDeadline deadline = ReadDeadline.start(deadlines, pass.deadline())) {
      IOException failed = null;
      byte[] body = null;
      try {
        body = CappedBody.read(in, declared, config.maxBodyBytes(), pass::take);
      } catch (IOException e) {
        failed = e;
      }
      if (deadline.finish()) {
        metrics.webhook(forge.label(), WebhookResult.TIMEOUT);
        refusals.warn(
            forge.label(),
            "timeout",
            "cut off",
            client.getHostAddress(),
            "its body took longer than " + pass.deadline().toMillis() + " ms");
        throw new BodyTimedOut();
      }
      return switch (failed) {
        case null -> Optional.of(body);
        case CappedBody.TooLarge tooLarge -> {
          refuseUnread(ex, forge.label(), WebhookResult.TOO_LARGE, "body larger than the cap");
          yield Optional.empty();
        }
        case CappedBody.OverBudget busy -> {
          refuseUnread(ex, forge.label(), WebhookResult.BUSY, "busy, retry later");
          yield Optional.empty();
        }
        default -> throw failed;
      };
    }
  }

  /** An error answered before the body was read in full: the rest of it is never read. */
  private void refuseUnread(HttpExchange ex, String forge, WebhookResult result, String reason)
      throws IOException {
    ex.getResponseHeaders().set("Connection", "close");
    if (result == WebhookResult.BUSY) {
      ex.getResponseHeaders().set("Retry-After", "1");
    }
    // Answering closes the request body, which drains what is left of it: bound that too.
    try (ReadDeadline drain = ReadDeadline.start(deadlines, DRAIN_TIME)) {
      refuse(ex, forge, result, reason);
    }
  }

  /** An error: the one error shape ({@link Http#errorBody}) plus the result label. */
  private void refuse(HttpExchange ex, String forge, WebhookResult result, String reason)
      throws IOException {
    answer(ex, result.status(), forge, result, reason);
  }

  private void answer(HttpExchange ex, String forge, WebhookResult result, String reason)
      throws IOException {
    answer(ex, result.status(), forge, result, reason);
  }

  /**
   * Counts the result and answers: an error in the error shape, anything else as result and reason.
   */
  private void answer(
      HttpExchange ex, int status, String forge, WebhookResult result, String reason)
      throws IOException {
    metrics.webhook(forge, result);
    ObjectNode o;
    if (status >= 400) {
      o = Http.errorBody(status, reason);
    } else {
      o = Http.object();
      o.put("reason", reason);
    }
    o.put("result", result.label());
    Http.json(ex, status, o);
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
