package dev.trueup.driver;

import dev.trueup.apply.ApplyJournal;
import dev.trueup.apply.NodeApplier;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.diff.Change;
import dev.trueup.live.Reachability;
import dev.trueup.model.Connection;
import dev.trueup.model.Node;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.NodeObserver;
import dev.trueup.observe.ObservationRequest;
import dev.trueup.render.DesiredNode;
import java.util.List;
import java.util.Optional;

/**
 * Decides, before any packet is sent, whether a node's address may be contacted at all.
 * Documentation ranges (RFC 5737, RFC 3849) are never contacted: they name example hosts, like
 * those of the example fleet. In loopback-only mode (tests, benchmarks, demos: {@code
 * TRUEUP_LOOPBACK_ONLY=1}) anything but 127.0.0.0/8, ::1 and localhost is refused too.
 */
public final class AddressGuard implements NodeObserver {

  private final NodeObserver delegate;
  private final boolean loopbackOnly;

  public AddressGuard(NodeObserver delegate, boolean loopbackOnly) {
    this.delegate = delegate;
    this.loopbackOnly = loopbackOnly;
  }

  /** Loopback-only when the environment says so. */
  public static boolean loopbackOnlyFromEnvironment() {
    return ContactPolicy.fromEnvironment().loopbackOnly();
  }

  /** Why a host may not be contacted, if it may not (see {@link ContactPolicy}). */
  public Optional<String> refusal(String host) {
    return new ContactPolicy(loopbackOnly).refusal(host);
  }

  /** The same check in front of a node's writer. */
  public NodeApplier guard(NodeApplier applier) {
    return new NodeApplier() {
      @Override
      public NodeApplyResult apply(
          Node node, DesiredNode desired, List<Change> changes, ApplyJournal journal) {
        if (node.connection() instanceof Connection.Ssh ssh) {
          Optional<String> refused = refusal(ssh.host());
          if (refused.isPresent()) {
            return NodeApplyResult.refused(node.name(), changes, refused.get());
          }
        }
        return applier.apply(node, desired, changes, journal);
      }

      // Forwarded, or the health monitor would sample no node behind a guard (it sampled no ssh
      // node until this was found): a refused address is not contacted, so it has no answers.
      @Override
      public List<dev.trueup.apply.HealthAnswer> healthNow(Node node) {
        if (node.connection() instanceof Connection.Ssh ssh && refusal(ssh.host()).isPresent()) {
          return List.of();
        }
        return applier.healthNow(node);
      }

      @Override
      public void close() {
        applier.close();
      }
    };
  }

  @Override
  public LiveNode observe(Node node, ObservationRequest request) {
    if (node.connection() instanceof Connection.Ssh ssh) {
      Optional<String> refused = refusal(ssh.host());
      if (refused.isPresent()) {
        return LiveNode.unreachable(node.name(), new Reachability.Unreachable(refused.get()));
      }
    }
    return delegate.observe(node, request);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
