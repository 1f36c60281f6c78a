package dev.trueup.engine;

import dev.trueup.store.Store;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a run's lease alive while it works, so no other replica declares it killed. A beat the
 * store refuses is logged and the next one tried; {@link #close()} stops beating.
 */
public final class RunHeartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunHeartbeat.class);

  private final Thread thread;

  private RunHeartbeat(Thread thread) {
    this.thread = thread;
  }

  /** Beats every {@code every} (a fraction of the lease) until closed. */
  public static RunHeartbeat start(Store store, long runId, Duration every) {
    return new RunHeartbeat(
        Thread.ofVirtual()
            .name("trueup-heartbeat-" + runId)
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      Thread.sleep(every);
                      store.runs().heartbeat(runId);
                    } catch (InterruptedException done) {
                      return;
                    } catch (RuntimeException e) {
                      log.debug("heartbeat of run {} failed: {}", runId, e.toString());
                    }
                  }
                }));
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
