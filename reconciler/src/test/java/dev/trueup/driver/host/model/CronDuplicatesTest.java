package dev.trueup.driver.host.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.backend.Differ;
import dev.trueup.backend.Renderer;
import dev.trueup.cli.CliRunner;
import dev.trueup.diff.Note;
import dev.trueup.model.Node;
import dev.trueup.render.DesiredNode;
import dev.trueup.testing.fixtures.Lives;
import dev.trueup.testing.fixtures.Nodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node taken over from Ansible or from hand-kept crontabs: a crontab line running a trueup
 * schedule's command would run the job twice, and the plan says where.
 */
class CronDuplicatesTest {
  private static final String COMMAND = "/opt/maint/backup.sh --full";

  private static DesiredNode alpha() {
    Node node = Nodes.node("alpha").schedule("backup", "0 2 * * *", COMMAND).build();
    return new Renderer(path -> Optional.empty()).render(node, Nodes.fleet(node));
  }

  @Test
  void theCrontabsOfRootAndTheSystemAreObservedWhenThereAreCronSchedules() {
    assertThat(Renderer.request(alpha()).paths())
        .contains("/etc/crontab", "/var/spool/cron/crontabs/root", "/var/spool/cron/root");
    Node none = Nodes.node("beta").build();
    assertThat(
            Renderer.request(new Renderer(path -> Optional.empty()).render(none, Nodes.fleet(none)))
                .paths())
        .doesNotContain("/etc/crontab");
  }

  @Test
  void aUserCrontabOrSystemLineWithTheSameCommandIsANoteNamingTheLine() {
    DesiredNode desired = alpha();
    var live =
        Lives.appliedFrom(desired)
            .file(
                "/var/spool/cron/crontabs/root",
                "# m h dom mon dow command\nMAILTO=ops\n30 1 * * * /usr/bin/true\n0 2 * * *  "
                    + COMMAND
                    + "\n",
                "0600",
                "root",
                "crontab")
            .file(
                "/etc/crontab",
                "SHELL=/bin/sh\n@daily root " + COMMAND + "\n17 * * * * root cd / && run-parts\n",
                "0644",
                "root",
                "root")
            .build();
    assertThat(Differ.compare(desired, live).notes())
        .extracting(Note::kind, Note::resource)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                Note.Kind.DUPLICATE, "/var/spool/cron/crontabs/root"),
            org.assertj.core.groups.Tuple.tuple(Note.Kind.DUPLICATE, "/etc/crontab"));
    assertThat(Differ.compare(desired, live).notes())
        .anySatisfy(n -> assertThat(n.message()).contains("line 4").contains("run twice"));
  }

  @Test
  void otherCommandsCommentsAndVariablesAreNotDuplicates() {
    assertThat(CronDuplicates.command("# 0 2 * * * " + COMMAND, false)).isEmpty();
    assertThat(CronDuplicates.command("PATH=/usr/bin:/bin", false)).isEmpty();
    assertThat(CronDuplicates.command("0 2 * * *", false)).isEmpty();
    assertThat(CronDuplicates.command("0 2 * * * root " + COMMAND, true)).hasValue(COMMAND);
    assertThat(CronDuplicates.command("@reboot   " + COMMAND, false)).hasValue(COMMAND);
    DesiredNode desired = alpha();
    var live =
        Lives.appliedFrom(desired)
            .file(
                "/var/spool/cron/crontabs/root",
                "0 2 * * * /opt/maint/other.sh\n",
                "0600",
                "root",
                "crontab")
            .build();
    assertThat(Differ.compare(desired, live).notes()).isEmpty();
  }

  /** End to end on a local sandbox: the probe reads the crontab, the plan names it and fails. */
  @Test
  void aLocalPlanNotesTheDuplicateAndExitsOne(@TempDir Path tmp) throws Exception {
    Path repo = tmp.resolve("repo");
    Path root = tmp.resolve("root");
    Files.createDirectories(repo.resolve("nodes"));
    Files.writeString(repo.resolve("fleet.yaml"), "fleet: f\nenvironments: [development]\n");
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        """
        node: box
        environment: development
        connection: {driver: local, root: %s}
        schedules:
          backup: {cron: "0 2 * * *", timezone: UTC, command: %s}
        """
            .formatted(root, COMMAND));
    Path crontab = root.resolve("var/spool/cron/crontabs/root");
    Files.createDirectories(crontab.getParent());
    Files.writeString(crontab, "0 2 * * * " + COMMAND + "\n");
    var plan = CliRunner.run("plan", "--repo", repo.toString(), "-o", "json");
    assertThat(plan.exit()).as(plan.out() + plan.err()).isEqualTo(1);
    assertThat(plan.out())
        .contains("\"kind\" : \"duplicate\"")
        .contains("/var/spool/cron/crontabs/root line 1 runs the same command");
  }
}
