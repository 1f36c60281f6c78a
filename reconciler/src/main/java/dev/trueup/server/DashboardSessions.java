package dev.trueup.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's logins: a random session id in an {@code HttpOnly}, {@code SameSite=Strict}
 * cookie, and with each session its own CSRF token that every state change must carry. Sessions
 * live in this process for {@link #TTL}; a restart logs everyone out.
 */
final class DashboardSessions {
  static final Duration TTL = Duration.ofHours(12);
  static final String COOKIE = "trueup_session";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_SESSIONS = 10_000;

  /** Who is logged in, with what role, and the token their forms carry. */
  record Session(String id, DashboardUsers.User user, String csrf, Instant expires) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;

  DashboardSessions(Clock clock) {
    this.clock = clock;
  }

  Session open(DashboardUsers.User user) {
    Instant now = clock.instant();
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().removeIf(s -> !s.expires().isAfter(now));
    }
    Session s = new Session(random(), user, random(), now.plus(TTL));
    sessions.put(s.id(), s);
    return s;
  }

  Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = sessions.get(id);
    if (s == null || !s.expires().isAfter(clock.instant())) {
      if (s != null) {
        sessions.remove(id);
      }
      return Optional.empty();
    }
    return Optional.of(s);
  }

  void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
