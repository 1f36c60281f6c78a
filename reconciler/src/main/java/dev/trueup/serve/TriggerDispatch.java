package dev.trueup.serve;

import dev.trueup.engine.ServeLoop;
import dev.trueup.engine.Wake;
import dev.trueup.engine.WorkFailure;
import dev.trueup.server.Trigger;
import dev.trueup.server.TriggerSink;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where verified webhooks go: pushes wake the loop; pull requests get their drift report (never an
 * apply), which needs the Git source. Never throws, so the dispatch thread lives on: a trigger that
 * cannot be handed on is dropped, and the next poll catches up.
 */
final class TriggerDispatch implements TriggerSink {
  private static final Logger log = LoggerFactory.getLogger(TriggerDispatch.class);

  private final ServeLoop loop;
  private final Optional<PullRequestReports> reports;

  TriggerDispatch(ServeLoop loop, Optional<PullRequestReports> reports) {
    this.loop = loop;
    this.reports = reports;
  }

  @Override
  public void accept(Trigger trigger) {
    try {
      dispatch(trigger);
    } catch (Throwable e) {
      log.warn("trigger {} was dropped: {}", trigger, WorkFailure.reason(e));
    }
  }

  private void dispatch(Trigger trigger) {
    switch (trigger) {
      case Trigger.Push p ->
          loop.wake(
              Wake.push(p.forge().label() + " push " + p.ref() + " " + p.commit(), p.commit()));
      case Trigger.PullRequest pr -> {
        if (reports.isPresent()) {
          reports.get().submit(pr);
        } else {
          log.info(
              "pull request {} from {}: drift reports need --git-url",
              pr.number(),
              pr.forge().label());
        }
      }
      case Trigger.Ping ping -> log.info("ping from {}", ping.forge().label());
    }
  }
}
