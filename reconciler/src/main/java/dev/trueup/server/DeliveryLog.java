package dev.trueup.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deliveries already seen, so a replayed or redelivered webhook does nothing: a bounded LRU of
 * delivery ids, and the last commit triggered per (repository, ref) so the same push announced
 * twice (for example by two hooks) runs once. In memory: after a restart the first replay runs once
 * more, which costs one sync of an unchanged revision.
 */
final class DeliveryLog {
  private final int capacity;
  private final LinkedHashMap<String, Boolean> ids;
  private final Map<String, String> lastCommitByRef;

  DeliveryLog(int capacity) {
    this.capacity = capacity;
    this.ids =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > DeliveryLog.this.capacity;
          }
        };
    this.lastCommitByRef =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > DeliveryLog.this.capacity;
          }
        };
  }

  /** Records a delivery id; false if it was already recorded. */
  synchronized boolean firstTime(Forge forge, String deliveryId) {
    return ids.put(forge.label() + ":" + deliveryId, Boolean.TRUE) == null;
  }

  /** Forgets a delivery id (its trigger could not be handed on), so a redelivery is taken. */
  synchronized void forget(Forge forge, String deliveryId) {
    ids.remove(forge.label() + ":" + deliveryId);
  }

  /** Records a push; false if the same commit was already the last one triggered for that ref. */
  synchronized boolean newCommit(String repository, String ref, String commit) {
    return !commit.equals(lastCommitByRef.put(repository + "\u0000" + ref, commit));
  }

  synchronized int size() {
    return ids.size();
  }
}
