package dev.trueup.server;

/**
 * Where verified, de-duplicated triggers go: the serve loop (a sync of a branch, a drift report for
 * a pull request). Called on a dispatcher thread after the webhook has been answered, one trigger
 * at a time; it may be slow, and an exception it throws is logged and does not stop the dispatcher.
 */
@FunctionalInterface
public interface TriggerSink {
  void accept(Trigger trigger) throws Exception;
}
