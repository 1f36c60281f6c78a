package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.ChangeClass;
import dev.trueup.store.Approval;
import dev.trueup.store.Job;
import dev.trueup.store.Store;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Asking a running serve for a cycle through the store it shares: sync, and approvals. */
class SyncCommandTest {
  @TempDir Path storeDir;

  private List<Job> wakes() {
    try (Store store = Store.openEmbedded(storeDir)) {
      return store.jobQueue().queued("serve-wake");
    }
  }

  @Test
  void syncQueuesAForcedWakeAnyReplicaTakes() {
    CliRunner.Run run = CliRunner.run("sync", "--store", storeDir.toString(), "--by", "dana");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("queued");
    assertThat(wakes())
        .singleElement()
        .satisfies(
            j -> assertThat(j.payload()).contains("\"reason\":\"sync by dana\"", "\"force\":true"));
  }

  @Test
  void anApprovalAsksForTheCycleThatAppliesIt() {
    String id;
    try (Store store = Store.openEmbedded(storeDir)) {
      id =
          store
              .approvals()
              .request(
                  new Approval.Request(
                      "box/file", "box", "/etc/motd", "rev1", ChangeClass.MINOR, "minor"))
              .id();
    }
    CliRunner.Run run =
        CliRunner.run("approve", id, "--store", storeDir.toString(), "--by", "erin");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(wakes())
        .singleElement()
        .satisfies(j -> assertThat(j.payload()).contains("approval " + id + " by erin"));
    CliRunner.Run rejected =
        CliRunner.run("reject", id, "--store", storeDir.toString(), "--note", "too late");
    assertThat(rejected.exit()).isEqualTo(1);
    assertThat(wakes()).hasSize(1);
  }
}
