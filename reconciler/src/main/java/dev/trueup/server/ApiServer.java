package dev.trueup.server;

import com.sun.net.httpserver.HttpExchange;
import dev.trueup.history.HistoryJson;
import dev.trueup.history.HistoryQuery;
import dev.trueup.history.NodesJson;
import dev.trueup.history.RunJson;
import dev.trueup.history.Since;
import dev.trueup.model.value.Parsed;
import dev.trueup.policy.SnoozeRequest;
import dev.trueup.report.Palette;
import dev.trueup.report.PlanFormat;
import dev.trueup.report.PlanJson;
import dev.trueup.store.Approval;
import dev.trueup.store.Run;
import dev.trueup.store.Snooze;
import dev.trueup.store.Store;
import dev.trueup.store.StoredPlan;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Health, metrics and the JSON API, on a listener of their own (so webhook load cannot starve it).
 *
 * <ul>
 *   <li>{@code GET /healthz}: 200 while the process runs
 *   <li>{@code GET /readyz}: 200 when {@link Readiness} says ready, 503 otherwise
 *   <li>{@code GET /metrics}: Prometheus text ({@link TrueupMetrics})
 *   <li>{@code /api/v1/...} with {@code Authorization: Bearer <token>}: {@code GET status}, {@code
 *       GET runs}, {@code GET runs/{id}}, {@code GET plans/{id}}, {@code GET notifications}, {@code
 *       GET approvals}, {@code POST approvals/{id}/approve} and {@code POST approvals/{id}/reject}
 *       with {@code {"by", "note"}}, {@code GET history?kind=&node=&since=&revision=&limit=} and
 *       {@code GET drift-reports/{id}} (the JSON of {@code trueup history -o json}, {@link
 *       HistoryJson}), {@code POST sync} with an optional {@code {"by"}} (a cycle that applies even
 *       if the source did not move; an approval made here asks for one too)
 * </ul>
 *
 * <p>Every error, on any path and with any method, is JSON of one shape ({@link Http#errorBody}):
 * an unknown path 404, a known path with another method 405 (with {@code Allow}).
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  private static final long MAX_API_BODY = 64 * 1024;

  private final Store store;
  private final TrueupMetrics metrics;
  private final Optional<byte[]> token;
  private final Supplier<Readiness> readiness;
  private final Consumer<String> wake;
  private final Routes open;
  private final Routes api;
  private Http.Listener listener;

  /**
   * @param apiToken the bearer token for {@code /api/v1}; null or empty refuses every API call
   *     (fail closed) while health and metrics still answer
   */
  public ApiServer(
      Store store, TrueupMetrics metrics, String apiToken, Supplier<Readiness> readiness) {
    this(store, metrics, apiToken, readiness, reason -> {});
  }

  /**
   * @param wake asks the reconciler for a cycle that applies ({@code POST sync}, approvals)
   */
  public ApiServer(
      Store store,
      TrueupMetrics metrics,
      String apiToken,
      Supplier<Readiness> readiness,
      Consumer<String> wake) {
    this.wake = wake;
    this.store = store;
    this.metrics = metrics;
    this.token =
        apiToken == null || apiToken.isEmpty()
            ? Optional.empty()
            : Optional.of(apiToken.getBytes(StandardCharsets.UTF_8));
    this.readiness = readiness;
    if (token.isEmpty()) {
      log.warn("no API token is configured: /api/v1 refuses every request");
    }
    this.open =
        new Routes()
            .get("/healthz", (ex, m) -> healthz(ex))
            .get("/readyz", (ex, m) -> readyz(ex))
            .get("/metrics", (ex, m) -> metrics(ex))
            .post("/alerts/alertmanager", (ex, m) -> alertmanager(ex));
    this.api =
        new Routes()
            .get("/api/v1/status", (ex, m) -> Http.json(ex, 200, status()))
            .get("/api/v1/runs", (ex, m) -> runs(ex))
            .get("/api/v1/runs/(\\d{1,18})", (ex, m) -> run(ex, Long.parseLong(m.group(1))))
            .get("/api/v1/plans/(\\d{1,18})", (ex, m) -> plan(ex, Long.parseLong(m.group(1))))
            .get("/api/v1/history", (ex, m) -> history(ex))
            .get(
                "/api/v1/nodes",
                (ex, m) ->
                    Http.text(
                        ex,
                        200,
                        "application/json; charset=utf-8",
                        HistoryJson.write(nodes(store.approvals().pending()))))
            .get(
                "/api/v1/drift-reports/(\\d{1,18})",
                (ex, m) -> driftReport(ex, Long.parseLong(m.group(1))))
            .get("/api/v1/approvals", (ex, m) -> approvals(ex))
            .get(
                "/api/v1/notifications",
                (ex, m) ->
                    Http.json(
                        ex,
                        200,
                        dev.trueup.history.NotificationsJson.recent(
                            store, Math.min(limit(ex), 500))))
            .post(
                "/api/v1/approvals/([A-Za-z0-9]{1,32})/(approve|reject)",
                (ex, m) -> decide(ex, m.group(1), m.group(2)))
            .get("/api/v1/snoozes", (ex, m) -> snoozes(ex))
            .post("/api/v1/snoozes", (ex, m) -> snooze(ex))
            .post("/api/v1/sync", (ex, m) -> sync(ex))
            .post("/api/v1/plan", (ex, m) -> plan(ex));
  }

  private java.util.function.Supplier<Optional<dev.trueup.history.FleetStanding.Head>> head =
      Optional::empty;

  private PlanService plans =
      (n, e, g) -> new PlanService.Answer.Unavailable("plans are not made here");

  /**
   * Serves the dashboard's pages to {@code users}, the environments page from the desired state
   * serve last ran.
   */
  public ApiServer dashboard(
      DashboardUsers users,
      java.util.function.Supplier<Optional<dev.trueup.model.DesiredState>> state,
      java.util.function.Supplier<Optional<dev.trueup.history.FleetStanding.Head>> head,
      DashboardEvents events) {
    this.tabs = events;
    this.head = head;
    new Dashboard(
            this::nodes,
            store,
            users,
            new DashboardSessions(java.time.Clock.systemUTC()),
            wake,
            (nodes, environments, groups) -> plans.plan(nodes, environments, groups),
            state,
            events)
        .routes(open);
    return this;
  }

  /** The nodes as the store knows them, with where each stands against the revision followed. */
  ObjectNode nodes(List<Approval> pending) {
    return dev.trueup.history.FleetStanding.annotate(
        NodesJson.of(store), store, head.get(), pending);
  }

  /** Answers {@code POST /api/v1/plan} with {@code service}. */
  public ApiServer planning(PlanService service) {
    this.plans = service;
    return this;
  }

  /**
   * {@code {nodes?, environments?, groups?}} (lists of names; none: every node) → the plan JSON,
   * with {@code X-Trueup-Exit} the status {@code trueup plan} would exit with.
   */
  private void plan(HttpExchange ex) throws IOException {
    Optional<JsonNode> read =
        jsonBody(ex, "{\"nodes\": [...], \"environments\": [...], \"groups\": [...]}");
    if (read.isEmpty()) {
      return;
    }
    JsonNode body = read.get();
    // ?render=text|markdown (&palette=ansi|plain): rendered here as the CLI renders the JSON, so a
    // client need not load what parsing and rendering a plan take.
    Map<String, String> q = query(ex);
    Optional<PlanFormat> render = PlanFormat.byId(q.getOrDefault("render", "json"));
    Optional<Palette> palette = Palette.byId(q.getOrDefault("palette", "plain"));
    if (render.isEmpty() || palette.isEmpty()) {
      Http.error(ex, 400, "render is json, text or markdown; palette is plain or ansi");
      return;
    }
    switch (plans.plan(names(body, "nodes"), names(body, "environments"), names(body, "groups"))) {
      case PlanService.Answer.Planned p -> {
        ex.getResponseHeaders().set("X-Trueup-Exit", Integer.toString(p.exitStatus()));
        if (render.get() == PlanFormat.JSON) {
          Http.text(ex, 200, "application/json; charset=utf-8", p.planJson());
        } else {
          Http.text(
              ex,
              200,
              render.get() == PlanFormat.MARKDOWN
                  ? "text/markdown; charset=utf-8"
                  : "text/plain; charset=utf-8",
              render.get().render(p.planJson(), palette.get()));
        }
      }
      case PlanService.Answer.Invalid i -> {
        ex.getResponseHeaders().set("X-Trueup-Exit", "1");
        Http.text(ex, 422, "application/json; charset=utf-8", i.validationJson());
      }
      case PlanService.Answer.Unknown u -> Http.error(ex, 400, String.join("; ", u.problems()));
      case PlanService.Answer.Unavailable u -> Http.error(ex, 503, u.why());
    }
  }

  private static java.util.Set<String> names(JsonNode body, String field) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (JsonNode n : body.path(field)) {
      if (n.isString()) {
        out.add(n.asString());
      }
    }
    return out;
  }

  private DashboardEvents tabs = new DashboardEvents();
  private Optional<byte[]> alertToken = Optional.empty();
  private AlertSink alerts = body -> new AlertSink.Taken.Unavailable("alerts are not taken here");

  /**
   * Takes Alertmanager's webhook posts on {@code /alerts/alertmanager}, authenticated by their own
   * bearer token (Alertmanager's {@code http_config.authorization}), not the API's.
   */
  public ApiServer receivingAlerts(String token, AlertSink sink) {
    this.alertToken =
        token == null || token.isEmpty()
            ? Optional.empty()
            : Optional.of(token.getBytes(StandardCharsets.UTF_8));
    this.alerts = sink;
    return this;
  }

  private void alertmanager(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String given =
        auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
            ? auth.substring(7).trim()
            : null;
    if (alertToken.isEmpty() || !Signatures.tokenMatches(given, alertToken.get())) {
      metrics.alertmanager("refused");
      log.warn(
          "Alertmanager post refused: {}",
          alertToken.isEmpty() ? "no alert token configured" : "bad credentials");
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      Http.error(ex, 401, "a valid bearer token is required");
      return;
    }
    Optional<JsonNode> body = jsonBody(ex, "Alertmanager's webhook body (version 4)");
    if (body.isEmpty()) {
      metrics.alertmanager("malformed");
      return;
    }
    switch (alerts.take(body.get())) {
      case AlertSink.Taken.Routed r -> {
        metrics.alertmanager("accepted");
        ObjectNode o = Http.JSON.createObjectNode();
        o.put("alerts", r.alerts());
        o.put("unknownNodes", r.unknownNodes());
        Http.json(ex, 200, o);
      }
      case AlertSink.Taken.Unavailable u -> {
        metrics.alertmanager("unavailable");
        Http.error(ex, 503, u.why());
      }
      case AlertSink.Taken.Malformed m -> {
        metrics.alertmanager("malformed");
        Http.error(ex, 400, m.why());
      }
    }
  }

  public ApiServer start(InetSocketAddress address) throws IOException {
    // Every path goes through one context, so every answer, a 404 or 405 too, is this class's.
    Http.Listener l = Http.Listener.bind(address, "trueup-api-", this::route);
    l.server().start();
    this.listener = l;
    return this;
  }

  public InetSocketAddress address() {
    return listener.address();
  }

  @Override
  public void close() {
    // Open event streams end first, so that stopping waits for no tab.
    tabs.close();
    if (listener != null) {
      listener.close();
    }
  }

  private void route(HttpExchange ex) throws IOException {
    if (ex.getRequestURI().getPath().startsWith("/api/v1/")) {
      api(ex);
    } else {
      open.dispatch(ex);
    }
  }

  private void healthz(HttpExchange ex) throws IOException {
    Http.text(ex, 200, "text/plain; charset=utf-8", "ok\n");
  }

  private void readyz(HttpExchange ex) throws IOException {
    Readiness r;
    try {
      r = readiness.get();
    } catch (RuntimeException e) {
      r = Readiness.notReady("readiness check failed");
    }
    if (r.ready()) {
      Http.text(ex, 200, "text/plain; charset=utf-8", r.detail() + "\n");
    } else {
      Http.error(ex, 503, r.detail());
    }
  }

  private void metrics(HttpExchange ex) throws IOException {
    try {
      metrics.pendingApprovals(store.approvals().pending().size());
    } catch (RuntimeException e) {
      // The store is down: keep the last value; /readyz says why.
    }
    Http.text(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
  }

  private void api(HttpExchange ex) throws IOException {
    if (token.isEmpty()) {
      Http.error(ex, 503, "no API token configured");
      return;
    }
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String given =
        auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
            ? auth.substring(7).trim()
            : null;
    if (!Signatures.tokenMatches(given, token.get())) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      Http.error(ex, 401, "a valid bearer token is required");
      return;
    }
    api.dispatch(ex);
  }

  private void runs(HttpExchange ex) throws IOException {
    ArrayNode a = Http.JSON.createArrayNode();
    store.runs().recent(limit(ex)).forEach(r -> a.add(run(r)));
    Http.json(ex, 200, a);
  }

  private void run(HttpExchange ex, long id) throws IOException {
    Optional<Run> r = store.runs().find(id);
    if (r.isEmpty()) {
      Http.error(ex, 404, "no such run");
      return;
    }
    ObjectNode o = run(r.get());
    ArrayNode plans = o.putArray("plans");
    store.plans().forRun(r.get().id()).forEach(p -> plans.add(p.id()));
    Http.json(ex, 200, o);
  }

  private void plan(HttpExchange ex, long id) throws IOException {
    Optional<StoredPlan> p = store.plans().load(id);
    if (p.isEmpty()) {
      Http.error(ex, 404, "no such plan");
      return;
    }
    Http.text(ex, 200, "application/json; charset=utf-8", PlanJson.write(p.get().plan()));
  }

  private void driftReport(HttpExchange ex, long id) throws IOException {
    Optional<ObjectNode> d = HistoryJson.driftReport(store, id);
    if (d.isEmpty()) {
      Http.error(ex, 404, "no such drift report");
      return;
    }
    Http.text(ex, 200, "application/json; charset=utf-8", HistoryJson.write(d.get()));
  }

  private void approvals(HttpExchange ex) throws IOException {
    Http.json(
        ex, 200, dev.trueup.history.ApprovalJson.detailed(store, store.approvals().pending()));
  }

  /** The snoozes in force; {@code ?all=true}: every one recorded, newest first. */
  private void snoozes(HttpExchange ex) throws IOException {
    ArrayNode a = Http.JSON.createArrayNode();
    boolean all = "true".equals(query(ex).get("all"));
    (all ? store.snoozes().all() : store.snoozes().active()).forEach(x -> a.add(snooze(x)));
    Http.json(ex, 200, a);
  }

  /** {@code {node, resource?, until, reason, by}}: checked as `trueup snooze` checks it. */
  private void snooze(HttpExchange ex) throws IOException {
    Optional<JsonNode> read = jsonBody(ex, "{\"node\", \"until\", \"reason\", \"by\"}");
    if (read.isEmpty()) {
      return;
    }
    JsonNode body = read.get();
    String by = body.path("by").asString("").trim();
    if (by.isEmpty()) {
      Http.error(ex, 400, "\"by\" is required: who snoozes");
      return;
    }
    Optional<String> resource =
        body.path("resource").isString()
            ? Optional.of(body.path("resource").asString())
            : Optional.empty();
    switch (SnoozeRequest.check(
        body.path("node").asString(""),
        resource,
        body.path("until").isString() ? body.path("until").asString() : null,
        body.path("reason").isString() ? body.path("reason").asString() : null,
        Instant.now())) {
      case SnoozeRequest.Checked.Invalid bad ->
          Http.error(ex, 400, String.join("; ", bad.problems()));
      case SnoozeRequest.Checked.Ok ok -> {
        SnoozeRequest r = ok.request();
        Snooze s = store.snoozes().add(r.node(), r.resource(), r.until(), r.reason(), by);
        log.info("snooze {} of {} until {} by {} through the API", s.id(), s.node(), s.until(), by);
        Http.json(ex, 201, snooze(s));
      }
    }
  }

  /**
   * A request's JSON object (an empty body: an empty object), capped at {@link #MAX_API_BODY};
   * empty once the error is answered: 413 too large, 400 not a JSON object, naming the {@code
   * shape} expected.
   */
  private static Optional<JsonNode> jsonBody(HttpExchange ex, String shape) throws IOException {
    JsonNode body;
    try (InputStream in = ex.getRequestBody()) {
      body = Http.JSON.readTree(CappedBody.read(in, Http.declaredLength(ex), MAX_API_BODY));
    } catch (CappedBody.TooLarge e) {
      ex.getResponseHeaders().set("Connection", "close");
      Http.error(ex, 413, "body too large");
      return Optional.empty();
    } catch (JacksonException e) {
      Http.error(ex, 400, "the body must be JSON: " + shape);
      return Optional.empty();
    }
    if (body == null || body.isMissingNode()) {
      return Optional.of(Http.object());
    }
    if (!body.isObject()) {
      Http.error(ex, 400, "the body must be a JSON object: " + shape);
      return Optional.empty();
    }
    return Optional.of(body);
  }

  private static ObjectNode snooze(Snooze s) {
    ObjectNode o = Http.object();
    o.put("id", s.id());
    o.put("node", s.node());
    o.put("resource", s.resource().orElse(null));
    o.put("until", s.until().toString());
    o.put("reason", s.reason());
    o.put("by", s.by());
    o.put("at", s.at().toString());
    return o;
  }

  private void sync(HttpExchange ex) throws IOException {
    String by;
    try (InputStream in = ex.getRequestBody()) {
      byte[] raw = CappedBody.read(in, Http.declaredLength(ex), MAX_API_BODY);
      JsonNode body = raw.length == 0 ? null : Http.JSON.readTree(raw);
      by = body == null ? "" : body.path("by").asString("").trim();
    } catch (CappedBody.TooLarge e) {
      ex.getResponseHeaders().set("Connection", "close");
      Http.error(ex, 413, "body too large");
      return;
    } catch (JacksonException e) {
      Http.error(ex, 400, "the body must be empty or JSON: {\"by\": ...}");
      return;
    }
    String reason = by.isEmpty() ? "sync through the API" : "sync by " + by;
    wake.accept(reason);
    ObjectNode o = Http.JSON.createObjectNode();
    o.put("queued", reason);
    Http.json(ex, 202, o);
  }

  private void decide(HttpExchange ex, String id, String verb) throws IOException {
    Optional<JsonNode> read = jsonBody(ex, "{\"by\": ..., \"note\": ...}");
    if (read.isEmpty()) {
      return;
    }
    JsonNode body = read.get();
    String by = body.path("by").asString("").trim();
    String note = body.path("note").isString() ? body.path("note").asString() : null;
    if (by.isEmpty()) {
      Http.error(ex, 400, "\"by\" is required: who decides");
      return;
    }
    try {
      Approval a =
          verb.equals("approve")
              ? store.approvals().approve(id, by, note)
              : store.approvals().reject(id, by, note);
      log.info(
          "approval {} {} by {} through the API",
          a.id(),
          a.status().name().toLowerCase(java.util.Locale.ROOT),
          by);
      if (verb.equals("approve")) {
        wake.accept("approval " + a.id() + " by " + by);
      }
      Http.json(ex, 200, approval(a));
    } catch (NoSuchElementException e) {
      Http.error(ex, 404, "no such approval");
    } catch (IllegalStateException e) {
      Http.error(ex, 409, e.getMessage());
    }
  }

  private ObjectNode status() {
    ObjectNode o = Http.object();
    Readiness r = readiness.get();
    o.put("ready", r.ready());
    o.put("detail", r.detail());
    o.put("pendingApprovals", store.approvals().pending().size());
    List<Run> last = store.runs().recent(1);
    if (last.isEmpty()) {
      o.putNull("lastRun");
    } else {
      o.set("lastRun", run(last.get(0)));
    }
    return o;
  }

  private void history(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex);
    Optional<Run.Kind> kind = Optional.empty();
    String k = q.getOrDefault("kind", "all");
    if (!k.isEmpty() && !k.equalsIgnoreCase("all")) {
      kind = Run.Kind.fromJson(k);
      if (kind.isEmpty()) {
        Http.error(ex, 400, "kind must be apply, drift, report or all");
        return;
      }
    }
    Optional<Instant> since = Optional.empty();
    if (q.containsKey("since")) {
      switch (Since.parse(q.get("since"), Instant.now())) {
        case Parsed.Ok<Instant>(Instant t) -> since = Optional.of(t);
        case Parsed.Invalid<Instant> bad -> {
          Http.error(ex, 400, "since " + bad.message());
          return;
        }
      }
    }
    int limit = HistoryQuery.DEFAULT_LIMIT;
    if (q.containsKey("limit")) {
      try {
        limit = Math.clamp(Integer.parseInt(q.get("limit")), 1, HistoryQuery.MAX_LIMIT);
      } catch (NumberFormatException e) {
        Http.error(ex, 400, "limit must be a number");
        return;
      }
    }
    Optional<String> node = Optional.ofNullable(q.get("node")).filter(n -> !n.isBlank());
    Optional<String> revision = Optional.ofNullable(q.get("revision")).map(String::strip);
    Http.text(
        ex,
        200,
        "application/json; charset=utf-8",
        HistoryJson.write(
            HistoryJson.list(store, new HistoryQuery(kind, node, since, revision, limit))));
  }

  /** The query string's parameters, URL-decoded; the first of a repeated name wins. */
  private static Map<String, String> query(HttpExchange ex) {
    return Http.query(ex);
  }

  private static int limit(HttpExchange ex) {
    String q = ex.getRequestURI().getQuery();
    if (q != null) {
      for (String kv : q.split("&")) {
        if (kv.startsWith("limit=")) {
          try {
            return Math.clamp(Integer.parseInt(kv.substring(6)), 1, 500);
          } catch (NumberFormatException e) {
            break;
          }
        }
      }
    }
    return 50;
  }

  private static ObjectNode run(Run r) {
    return RunJson.into(Http.object(), r, RunJson.Owner.SHOWN);
  }

  private static ObjectNode approval(Approval a) {
    return dev.trueup.history.ApprovalJson.of(a);
  }
}
