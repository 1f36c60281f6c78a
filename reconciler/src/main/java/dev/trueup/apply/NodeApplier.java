package dev.trueup.apply;

import dev.trueup.diff.Change;
import dev.trueup.model.Node;
import dev.trueup.render.DesiredNode;
import java.util.List;

/**
 * A driver's write side, separate from its read side ({@link dev.trueup.observe.NodeObserver}): a
 * pipeline that holds no applier cannot change a node, so a dry run needs no flag. Implementations
 * never throw for a node that fails; they return a result saying why. The plan's changes are read,
 * never modified.
 */
public interface NodeApplier extends AutoCloseable {

  /**
   * Makes the node match {@code desired} by carrying out {@code changes} (the plan's changes for
   * this node), then verifies and, when verification fails, rolls the node back.
   */
  NodeApplyResult apply(Node node, DesiredNode desired, List<Change> changes, ApplyJournal journal);

  /**
   * Runs each declared health check of the node's services once, now, without changing anything;
   * one answer per check; empty when this driver runs none. No default: an applier that wraps
   * another must pass it on (one that did not left serve's health monitor without ssh nodes).
   */
  List<HealthAnswer> healthNow(Node node);

  @Override
  default void close() {}
}
