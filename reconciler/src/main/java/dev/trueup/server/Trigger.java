package dev.trueup.server;

/**
 * What a verified webhook asks trueup to do. A trigger is a hint, not state: the reconciler fetches
 * the ref itself and never trusts the payload beyond which branch or pull request to look at.
 */
public sealed interface Trigger {
  Forge forge();

  /** The forge's delivery id (or a digest standing in for it), for logs. */
  String deliveryId();

  /**
   * A push to a branch: sync that branch.
   *
   * @param ref fully qualified, always {@code refs/heads/...}
   * @param commit the new head commit
   */
  record Push(Forge forge, String deliveryId, String repository, String ref, String commit)
      implements Trigger {}

  /**
   * A pull (merge) request opened or updated: report drift for its head against its base.
   *
   * @param headRef fully qualified ({@code refs/heads/...})
   * @param baseRef fully qualified ({@code refs/heads/...})
   */
  record PullRequest(
      Forge forge,
      String deliveryId,
      String repository,
      long number,
      String action,
      String headRef,
      String headCommit,
      String baseRef)
      implements Trigger {}

  /** The forge checking that the hook works. */
  record Ping(Forge forge, String deliveryId) implements Trigger {}
}
