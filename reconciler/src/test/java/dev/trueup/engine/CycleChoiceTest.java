package dev.trueup.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.source.Revision;
import dev.trueup.source.SyncResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The serve cycle's choices, by value: no loop, no thread, no clock. */
class CycleChoiceTest {
  private static final Revision MAIN =
      new Revision("a".repeat(40), "refs/heads/main", Optional.of("b".repeat(40)), false);
  private static final Revision REWRITTEN =
      new Revision("a".repeat(40), "refs/heads/main", Optional.of("c".repeat(40)), true);
  private static final Wake PUSH = Wake.push("github push refs/heads/main", "a".repeat(40));
  private static final Wake MANUAL = Wake.manual("POST /api/v1/sync");
  private static final Instant T = Instant.parse("2026-12-03T08:00:00Z");

  @Test
  void aPollThatMovedGoesToTheLedgerUnforced() {
    var after = CycleChoice.afterSync(List.of(), new SyncResult.Synced(MAIN), true);
    assertThat(after).isEqualTo(new CycleChoice.AfterSync(true, true, false, Optional.empty()));
  }

  @Test
  void aPushIsNotForcedAManualWakeIs() {
    assertThat(CycleChoice.afterSync(List.of(PUSH), new SyncResult.Unchanged(MAIN), true).force())
        .isFalse();
    assertThat(
            CycleChoice.afterSync(List.of(PUSH, MANUAL), new SyncResult.Unchanged(MAIN), true)
                .force())
        .isTrue();
  }

  @Test
  void rewrittenHistoryForcesTheRunAndSaysWhatItWas() {
    var after = CycleChoice.afterSync(List.of(), new SyncResult.Synced(REWRITTEN), true);
    assertThat(after.force()).isTrue();
    assertThat(after.note()).contains("history was rewritten (previous " + "c".repeat(40) + ")");
  }

  @Test
  void aFailedSyncStopsTheCycleUnlessAForcedWakeHasALastGoodTree() {
    var failed = new SyncResult.Failed("no route to the forge");
    assertThat(CycleChoice.afterSync(List.of(), failed, true).proceed()).isFalse();
    assertThat(CycleChoice.afterSync(List.of(PUSH), failed, true).proceed()).isFalse();
    assertThat(CycleChoice.afterSync(List.of(MANUAL), failed, false).proceed())
        .as("never synced: nothing to reconcile")
        .isFalse();
    var forced = CycleChoice.afterSync(List.of(MANUAL), failed, true);
    assertThat(forced)
        .isEqualTo(
            new CycleChoice.AfterSync(
                true, false, true, Optional.of("sync failed: no route to the forge")));
  }

  @Test
  void theTriggerIsTheLastWakeOrThePoll() {
    assertThat(CycleChoice.trigger(List.of())).isEqualTo("poll");
    assertThat(CycleChoice.trigger(List.of(PUSH, MANUAL))).isEqualTo("POST /api/v1/sync");
  }

  @Test
  void deferredNodesAreRetriedByAForcedWake() {
    assertThat(CycleChoice.retry(List.of())).isEmpty();
    assertThat(CycleChoice.retry(List.of("n1", "n2")))
        .hasValueSatisfying(
            w -> {
              assertThat(w.force()).isTrue();
              assertThat(w.reason()).isEqualTo("retry 2 deferred node(s)");
            });
  }

  @Test
  void theWorkerSleepsUntilTheEarliestTimerAndCyclesOnlyForAWakeOrThePoll() {
    Instant poll = T.plusSeconds(60);
    Instant queue = T.plusSeconds(2);
    Instant check = T.plusSeconds(600);
    assertThat(CycleChoice.sleepUntil(poll, queue, check)).isEqualTo(queue);
    assertThat(CycleChoice.sleepUntil(poll, queue, T.plusSeconds(1))).isEqualTo(T.plusSeconds(1));

    CycleChoice.Due atQueueCheck = CycleChoice.due(queue, poll, check);
    assertThat(atQueueCheck).isEqualTo(new CycleChoice.Due(false, false));
    assertThat(CycleChoice.cycles(List.of(), atQueueCheck)).as("an empty queue check").isFalse();
    assertThat(CycleChoice.cycles(List.of(PUSH), atQueueCheck)).isTrue();
    assertThat(CycleChoice.due(poll, poll, check)).isEqualTo(new CycleChoice.Due(false, true));
    assertThat(CycleChoice.due(check, poll, check).scheduled()).isTrue();
  }
}
