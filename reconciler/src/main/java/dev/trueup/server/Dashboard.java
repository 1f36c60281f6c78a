package dev.trueup.server;

import com.sun.net.httpserver.HttpExchange;
import dev.trueup.store.Approval;
import dev.trueup.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages serve shows a person: a login with a token, the fleet, and the approvals with approve
 * and reject. Every page needs a session; every state change also needs the session's CSRF token in
 * its form and, when the browser says where the form came from ({@code Origin}), this host. An
 * approval is recorded with the logged-in user's name, not a name typed in.
 */
final class Dashboard {
  private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
  private static final int MAX_FORM = 16 * 1024;

  /** The nodes JSON of {@code GET /api/v1/nodes}, standings included: the page shows the same. */
  private final java.util.function.Function<List<Approval>, tools.jackson.databind.node.ObjectNode>
      nodes;

  private final Store store;
  private final DashboardUsers users;
  private final DashboardSessions sessions;
  private final Consumer<String> wake;

  private final PlanService plans;
  private final java.util.function.Supplier<Optional<dev.trueup.model.DesiredState>> state;
  private final DashboardEvents events;

  Dashboard(
      java.util.function.Function<List<Approval>, tools.jackson.databind.node.ObjectNode> nodes,
      Store store,
      DashboardUsers users,
      DashboardSessions sessions,
      Consumer<String> wake,
      PlanService plans,
      java.util.function.Supplier<Optional<dev.trueup.model.DesiredState>> state,
      DashboardEvents events) {
    this.nodes = nodes;
    this.state = state;
    this.events = events;
    this.store = store;
    this.users = users;
    this.sessions = sessions;
    this.wake = wake;
    this.plans = plans;
  }

  Routes routes(Routes r) {
    return r.get("/", (ex, m) -> redirect(ex, "/fleet"))
        .get("/login", (ex, m) -> html(ex, 200, DashboardPages.login(null)))
        .post("/login", (ex, m) -> login(ex))
        .post("/logout", (ex, m) -> logout(ex))
        .get("/fleet", (ex, m) -> fleet(ex))
        .get("/approvals", (ex, m) -> approvals(ex, null))
        .get("/activity", (ex, m) -> activity(ex))
        .get("/environments", (ex, m) -> environments(ex))
        .get("/events", (ex, m) -> stream(ex))
        .get("/nodes/([a-z0-9][a-z0-9-]{0,62})", (ex, m) -> node(ex, m.group(1)))
        .post(
            "/approvals/([A-Za-z0-9]{1,32})/(approve|reject)",
            (ex, m) -> decide(ex, m.group(1), m.group(2)));
  }

  private void login(HttpExchange ex) throws IOException {
    Map<String, String> form = form(ex);
    Optional<DashboardUsers.User> user = users.byToken(form.get("token"));
    if (user.isEmpty()) {
      log.warn("dashboard login refused: no user has that token");
      html(ex, 401, DashboardPages.login("That token belongs to no one."));
      return;
    }
    DashboardSessions.Session s = sessions.open(user.get());
    log.info("dashboard login: {} ({})", user.get().name(), user.get().role().label());
    ex.getResponseHeaders()
        .add(
            "Set-Cookie",
            DashboardSessions.COOKIE
                + "="
                + s.id()
                + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + DashboardSessions.TTL.toSeconds()
                + (secure(ex) ? "; Secure" : ""));
    redirect(ex, "/fleet");
  }

  private void logout(HttpExchange ex) throws IOException {
    Optional<DashboardSessions.Session> s = changing(ex, form(ex));
    if (s.isEmpty()) {
      return;
    }
    sessions.close(s.get().id());
    ex.getResponseHeaders()
        .add(
            "Set-Cookie",
            DashboardSessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    redirect(ex, "/login");
  }

  private void fleet(HttpExchange ex) throws IOException {
    Optional<DashboardSessions.Session> s = viewing(ex);
    if (s.isPresent()) {
      List<Approval> pending = store.approvals().pending();
      html(
          ex,
          200,
          DashboardPages.fleet(
              s.get(), state.get(), nodes.apply(pending), pending.size(), fleetQuery(query(ex))));
    }
  }

  /**
   * Server-sent events for an open page: {@code event: run} when a run ended, a comment every 25 s
   * to keep the connection, until the tab goes away or serve stops.
   */
  private void stream(HttpExchange ex) throws IOException {
    if (sessions.find(cookie(ex)).isEmpty()) {
      Http.error(ex, 401, "log in first");
      return;
    }
    Optional<java.util.concurrent.BlockingQueue<String>> tab = events.subscribe();
    if (tab.isEmpty()) {
      Http.error(ex, 503, "too many open dashboard tabs");
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(200, 0);
    try (java.io.OutputStream out = ex.getResponseBody()) {
      out.write(": trueup\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (true) {
        String e = tab.get().poll(25, java.util.concurrent.TimeUnit.SECONDS);
        if (DashboardEvents.CLOSED.equals(e)) {
          return;
        }
        out.write(
            (e == null ? ": still here\n\n" : "event: run\ndata: " + e + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The tab went away.
    } finally {
      events.unsubscribe(tab.get());
      ex.close();
    }
  }

  /** The environments page's periods, in the order its columns show them. */
  private static final List<Map.Entry<String, java.time.Duration>> PERIODS =
      List.of(
          Map.entry("24 h", java.time.Duration.ofHours(24)),
          Map.entry("7 d", java.time.Duration.ofDays(7)),
          Map.entry("30 d", java.time.Duration.ofDays(30)));

  private void environments(HttpExchange ex) throws IOException {
    Optional<DashboardSessions.Session> s = viewing(ex);
    if (s.isEmpty()) {
      return;
    }
    Optional<dev.trueup.model.DesiredState> current = state.get();
    if (current.isEmpty()) {
      Http.error(ex, 503, "no desired state has been run yet");
      return;
    }
    // Samples and drift checks of the very last second count too: "to" is just past now.
    java.time.Instant to = java.time.Instant.now().plusSeconds(1);
    Map<String, dev.trueup.store.MonthlyActivity.Activity> periods =
        new java.util.LinkedHashMap<>();
    Map<String, Map<String, dev.trueup.store.HealthSamples.Tally>> uptime =
        new java.util.LinkedHashMap<>();
    for (Map.Entry<String, java.time.Duration> p : PERIODS) {
      java.time.Instant from = to.minus(p.getValue());
      periods.put(p.getKey(), store.monthlyActivity().between(from, to));
      uptime.put(p.getKey(), store.healthSamples().byEnvironment(from, to));
    }
    html(ex, 200, DashboardPages.environments(s.get(), current.get(), uptime, periods));
  }

  private void activity(HttpExchange ex) throws IOException {
    Optional<DashboardSessions.Session> s = viewing(ex);
    if (s.isEmpty()) {
      return;
    }
    Map<String, String> params = query(ex);
    DashboardActivity.Query q =
        new DashboardActivity.Query(
            params.getOrDefault("kind", "all"),
            params.getOrDefault("node", "").strip(),
            params.getOrDefault("revision", "").strip());
    Optional<dev.trueup.store.Run.Kind> k =
        java.util.Arrays.stream(dev.trueup.store.Run.Kind.values())
            .filter(x -> x.json().equals(q.kind()))
            .findFirst();
    tools.jackson.databind.node.ObjectNode history =
        dev.trueup.history.HistoryJson.list(
            store,
            new dev.trueup.history.HistoryQuery(
                k,
                q.node().isEmpty() ? Optional.empty() : Optional.of(q.node()),
                Optional.empty(),
                Optional.of(q.revision()),
                50));
    html(
        ex,
        200,
        DashboardActivity.page(
            s.get(),
            q,
            history,
            store.approvals().decided(50),
            dev.trueup.history.NotificationsJson.recent(store, 50)));
  }

  private void node(HttpExchange ex, String name) throws IOException {
    Optional<DashboardSessions.Session> s = viewing(ex);
    if (s.isEmpty()) {
      return;
    }
    List<DashboardPages.ResourceRow> resources = new java.util.ArrayList<>();
    String plan =
        switch (plans.plan(java.util.Set.of(name), java.util.Set.of(), java.util.Set.of())) {
          case PlanService.Answer.Planned p -> {
            tools.jackson.databind.JsonNode json =
                dev.trueup.history.HistoryJson.MAPPER.readTree(p.planJson());
            for (tools.jackson.databind.JsonNode n : json.path("nodes")) {
              if (n.path("node").asString("").equals(name)) {
                resources.addAll(
                    DashboardPages.resourceRows(p.declared().getOrDefault(name, List.of()), n));
              }
            }
            yield dev.trueup.report.PlanText.render(json, dev.trueup.report.Palette.PLAIN);
          }
          case PlanService.Answer.Unknown u -> {
            Http.error(ex, 404, "no node " + name);
            yield null;
          }
          case PlanService.Answer.Invalid i -> "The desired state is invalid: no plan.";
          case PlanService.Answer.Unavailable u -> u.why();
        };
    if (plan == null) {
      return;
    }
    tools.jackson.databind.JsonNode contact = null;
    for (tools.jackson.databind.JsonNode n :
        nodes.apply(store.approvals().pending()).path("nodes")) {
      if (n.path("node").asString("").equals(name)) {
        contact = n;
      }
    }
    html(
        ex,
        200,
        DashboardPages.node(
            s.get(),
            name,
            contact,
            plan,
            resources,
            store.approvals().pending(name),
            dev.trueup.history.HistoryJson.list(
                store,
                new dev.trueup.history.HistoryQuery(
                    Optional.empty(), Optional.of(name), Optional.empty(), 20)),
            dev.trueup.notify.FiringAlerts.of(
                    new dev.trueup.notify.StoreEventLog(store.notificationEvents())
                        .between(
                            java.time.Instant.now().minus(java.time.Duration.ofDays(30)),
                            java.time.Instant.now().plusSeconds(1)))
                .getOrDefault(name, java.util.List.of()),
            store.healthSamples().recent(name, 30)));
  }

  private static DashboardPages.FleetQuery fleetQuery(Map<String, String> q) {
    return new DashboardPages.FleetQuery(
        q.getOrDefault("group", ""), q.getOrDefault("q", "").strip(), parsePage(q.get("page")));
  }

  private static int parsePage(String text) {
    try {
      return text == null ? 1 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static Map<String, String> query(HttpExchange ex) {
    return Http.query(ex);
  }

  private void approvals(HttpExchange ex, String notice) throws IOException {
    Optional<DashboardSessions.Session> s = viewing(ex);
    if (s.isPresent()) {
      html(ex, 200, approvalsPage(s.get(), notice));
    }
  }

  private String approvalsPage(DashboardSessions.Session s, String notice) {
    List<Approval> pending = store.approvals().pending();
    return DashboardApprovals.page(
        s,
        pending,
        dev.trueup.history.HeldChanges.of(store, pending),
        store.approvals().decided(20),
        notice);
  }

  private void decide(HttpExchange ex, String id, String verb) throws IOException {
    Map<String, String> form = form(ex);
    Optional<DashboardSessions.Session> s = changing(ex, form);
    if (s.isEmpty()) {
      return;
    }
    if (!s.get().user().role().mayApprove()) {
      html(
          ex,
          403,
          approvalsPage(s.get(), null)
              .replace(
                  "<h1>Approvals</h1>",
                  "<h1>Approvals</h1><p class=\"away\">Deciding needs the approver role.</p>"));
      return;
    }
    String who = s.get().user().name();
    String note = form.getOrDefault("note", "").isBlank() ? null : form.get("note");
    try {
      Approval a =
          verb.equals("approve")
              ? store.approvals().approve(id, who, note)
              : store.approvals().reject(id, who, note);
      log.info("approval {} {} by {} on the dashboard", a.id(), verb, who);
      if (verb.equals("approve")) {
        wake.accept("approval " + a.id() + " by " + who);
      }
      redirect(ex, "/approvals");
    } catch (NoSuchElementException e) {
      html(ex, 404, approvalsPage(s.get(), "No such approval."));
    } catch (IllegalStateException e) {
      html(ex, 409, approvalsPage(s.get(), e.getMessage()));
    }
  }

  /** The session of a page request; without one, the browser is sent to log in. */
  private Optional<DashboardSessions.Session> viewing(HttpExchange ex) throws IOException {
    Optional<DashboardSessions.Session> s = sessions.find(cookie(ex));
    if (s.isEmpty()) {
      redirect(ex, "/login");
    }
    return s;
  }

  /**
   * The session of a state change: refused without one (401), without the session's CSRF token
   * (403), or from a page of another origin (403).
   */
  private Optional<DashboardSessions.Session> changing(HttpExchange ex, Map<String, String> form)
      throws IOException {
    Optional<DashboardSessions.Session> s = sessions.find(cookie(ex));
    if (s.isEmpty()) {
      Http.error(ex, 401, "log in first");
      return Optional.empty();
    }
    String origin = ex.getRequestHeaders().getFirst("Origin");
    String host = ex.getRequestHeaders().getFirst("Host");
    boolean sameOrigin =
        origin == null
            || (host != null
                && (origin.equals("http://" + host) || origin.equals("https://" + host)));
    if (!sameOrigin
        || !Signatures.tokenMatches(
            form.get("csrf"), s.get().csrf().getBytes(StandardCharsets.UTF_8))) {
      log.warn(
          "dashboard: a state change without this session's form token, or from {}, refused",
          origin);
      Http.error(ex, 403, "this form did not come from this dashboard");
      return Optional.empty();
    }
    return s;
  }

  private static String cookie(HttpExchange ex) {
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
      for (String part : header.split(";")) {
        String p = part.strip();
        if (p.startsWith(DashboardSessions.COOKIE + "=")) {
          return p.substring(DashboardSessions.COOKIE.length() + 1);
        }
      }
    }
    return null;
  }

  private static boolean secure(HttpExchange ex) {
    return "https".equalsIgnoreCase(ex.getRequestHeaders().getFirst("X-Forwarded-Proto"));
  }

  private static Map<String, String> form(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      return Http.urlEncoded(
          new String(
              CappedBody.read(in, Http.declaredLength(ex), MAX_FORM), StandardCharsets.UTF_8));
    } catch (CappedBody.TooLarge e) {
      return new HashMap<>();
    }
  }

  private static void redirect(HttpExchange ex, String to) throws IOException {
    ex.getResponseHeaders().set("Location", to);
    Http.text(ex, 303, "text/plain; charset=utf-8", "");
  }

  private static void html(HttpExchange ex, int status, String page) throws IOException {
    ex.getResponseHeaders()
        .set(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; script-src '"
                + DashboardPages.LIVE_SCRIPT_HASH
                + "'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'");
    ex.getResponseHeaders().set("X-Frame-Options", "DENY");
    ex.getResponseHeaders().set("Referrer-Policy", "same-origin");
    Http.text(ex, status, "text/html; charset=utf-8", page);
  }
}
