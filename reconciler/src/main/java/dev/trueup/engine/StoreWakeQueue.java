package dev.trueup.engine;

import dev.trueup.store.Job;
import dev.trueup.store.JobQueue;
import dev.trueup.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Wakes in the store's job queue, shared by every replica ({@code FOR UPDATE SKIP LOCKED} on
 * PostgreSQL). A wake claimed by a replica that died before serving it goes back to the queue once
 * the lease runs out.
 */
public final class StoreWakeQueue implements WakeQueue {
  static final String KIND = "serve-wake";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAX_CLAIM = 1000;

  private final Store store;
  private final Duration lease;

  /**
   * Queues a wake from outside serve ({@code trueup sync}, {@code trueup approve}); a serve sharing
   * the store takes it on its next look at the queue.
   */
  public static void queue(Store store, Wake wake) {
    new StoreWakeQueue(store, ApplyPipeline.LEASE).offer(wake, Duration.ZERO);
  }

  public StoreWakeQueue(Store store, Duration lease) {
    this.store = store;
    this.lease = lease;
  }

  @Override
  public void offer(Wake wake, Duration delay) {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("reason", wake.reason());
    wake.commit().ifPresent(c -> payload.put("commit", c));
    payload.put("force", wake.force());
    store.jobQueue().enqueueAfter(KIND, JSON.writeValueAsString(payload), delay);
  }

  @Override
  public List<Claimed> claim() {
    JobQueue jobs = store.jobQueue();
    jobs.requeueStale(lease);
    List<Claimed> out = new ArrayList<>();
    for (Job job : jobs.claim(KIND, MAX_CLAIM)) {
      JsonNode p = JSON.readTree(job.payload());
      JsonNode commit = p.get("commit");
      out.add(
          new Claimed(
              job.id(),
              new Wake(
                  p.path("reason").asString("wake"),
                  commit == null ? Optional.empty() : Optional.of(commit.asString()),
                  p.path("force").asBoolean(false))));
    }
    return out;
  }

  @Override
  public void done(List<Claimed> claimed) {
    for (Claimed c : claimed) {
      store.jobQueue().complete(c.id(), "served");
    }
  }
}
