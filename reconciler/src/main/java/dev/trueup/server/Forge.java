package dev.trueup.server;

import java.util.Locale;
import java.util.Optional;

/** Who sends a webhook, and so which headers carry its signature, event and delivery id. */
public enum Forge {
  /**
   * {@code X-Hub-Signature-256: sha256=<hex>}, {@code X-GitHub-Event}, {@code X-GitHub-Delivery}.
   */
  GITHUB,
  /** {@code X-Gitlab-Token: <secret>}, {@code X-Gitlab-Event}, {@code X-Gitlab-Event-UUID}. */
  GITLAB,
  /**
   * Gitea and Forgejo: {@code X-Gitea-Signature} (or {@code X-Forgejo-Signature}): bare hex, {@code
   * X-Gitea-Event}, {@code X-Gitea-Delivery}.
   */
  GITEA,
  /**
   * Anything else: {@code X-Trueup-Signature: sha256=<hex>} over {@code <timestamp>.<body>}, with
   * {@code X-Trueup-Timestamp} (Unix seconds), {@code X-Trueup-Event}, {@code X-Trueup-Delivery}.
   */
  GENERIC;

  /** The path segment and metric label: {@code github}, {@code gitlab}, {@code gitea}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The forge a webhook path segment names; {@code forgejo} is Gitea's. */
  public static Optional<Forge> fromPath(String segment) {
    return switch (segment.toLowerCase(Locale.ROOT)) {
      case "github" -> Optional.of(GITHUB);
      case "gitlab" -> Optional.of(GITLAB);
      case "gitea", "forgejo" -> Optional.of(GITEA);
      case "generic" -> Optional.of(GENERIC);
      default -> Optional.empty();
    };
  }
}
