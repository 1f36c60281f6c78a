package dev.trueup.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Who may log in to the dashboard: each with a token and a role. The API token logs in as {@code
 * admin}; per-user tokens come from serve's {@code --dashboard-users FILE}.
 */
public final class DashboardUsers {
  /** What a person may see and do. */
  enum Role {
    /** Sees everything a page shows. */
    VIEWER,
    /** Also approves and rejects held changes. */
    APPROVER,
    /** Everything. */
    ADMIN;

    boolean mayApprove() {
      return this != VIEWER;
    }

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  record User(String name, Role role, byte[] token) {}

  private final List<User> users;

  DashboardUsers(List<User> users) {
    this.users = List.copyOf(users);
  }

  /** The user the token belongs to; every token is compared, in constant time. */
  Optional<User> byToken(String given) {
    Optional<User> found = Optional.empty();
    for (User u : users) {
      if (Signatures.tokenMatches(given, u.token()) && found.isEmpty()) {
        found = Optional.of(u);
      }
    }
    return found;
  }

  /**
   * The API token as {@code admin}, and the users of {@code file}: one per line, {@code name role
   * token} ({@code viewer}, {@code approver} or {@code admin}); {@code #} starts a comment.
   *
   * @throws IllegalArgumentException naming the line that is not a user
   */
  public static DashboardUsers of(String apiToken, Optional<java.nio.file.Path> file)
      throws java.io.IOException {
    List<User> out = new java.util.ArrayList<>();
    if (apiToken != null && !apiToken.isEmpty()) {
      out.add(user("api-token", Role.ADMIN, apiToken));
    }
    if (file.isPresent()) {
      int n = 0;
      for (String line : java.nio.file.Files.readAllLines(file.get())) {
        n++;
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        String[] f = l.split("\\s+");
        Optional<Role> role =
            f.length == 3
                ? java.util.Arrays.stream(Role.values())
                    .filter(r -> r.label().equals(f[1]))
                    .findFirst()
                : Optional.empty();
        if (role.isEmpty() || f[2].length() < 16) {
          throw new IllegalArgumentException(
              file.get()
                  + ":"
                  + n
                  + ": expected 'name role token' (role viewer, approver or admin; a token of 16"
                  + " characters or more)");
        }
        out.add(user(f[0], role.get(), f[2]));
      }
    }
    return new DashboardUsers(out);
  }

  static User user(String name, Role role, String token) {
    return new User(name, role, token.getBytes(StandardCharsets.UTF_8));
  }
}
