package dev.trueup.engine;

import java.time.Duration;
import java.util.List;

/**
 * Where wakes wait for a serve loop. With the shared store every replica claims from one queue, so
 * a webhook received by a busy replica is taken by an idle one, and a wake claimed by a replica
 * that then died is handed to another once its lease runs out.
 */
public interface WakeQueue {

  /** Queues a wake, due after {@code delay}. */
  void offer(Wake wake, Duration delay);

  /** Claims every due wake (possibly none); the caller runs one cycle for all of them. */
  List<Claimed> claim();

  /** The claimed wakes were served. */
  void done(List<Claimed> claimed);

  record Claimed(long id, Wake wake) {}
}
