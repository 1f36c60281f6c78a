package dev.trueup.review;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The forges a drift report can be posted to, each with the API it speaks. */
public enum ForgeKind {
  GITHUB,
  GITLAB,
  /** Gitea and Forgejo (one API). */
  GITEA;

  /** {@code github}, {@code gitlab} or {@code gitea}: how users and logs name it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind a user names, in any case; {@code forgejo} is Gitea's. */
  public static Optional<ForgeKind> named(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    if (n.equals("forgejo")) {
      return Optional.of(GITEA);
    }
    return Arrays.stream(values()).filter(k -> k.label().equals(n)).findFirst();
  }

  /** Every name {@link #named} takes, for a usage message. */
  public static String names() {
    return Arrays.stream(values()).map(ForgeKind::label).collect(Collectors.joining(", "))
        + " (forgejo too)";
  }

  /** This forge's API for one pull request. */
  public Forge open(String api, String project, long pullRequest, String token) {
    int pr = Math.toIntExact(pullRequest);
    return switch (this) {
      case GITHUB -> new GitHubForge(api, project, pr, token);
      case GITLAB -> new GitLabForge(api, project, pr, token);
      case GITEA -> new GiteaForge(api, project, pr, token);
    };
  }
}
