package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line as a whole: no command, completion, who acts, reconcile without --dry-run. */
class MainTest {

  @Test
  void noCommandPrintsTheHelpOnStderrAndFails() {
    CliRunner.Run r = CliRunner.run();
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("Usage: trueup").contains("validate").contains("Exit codes");
  }

  @Test
  void aCommandBuiltAloneParsesAndHelpsAsItDoesInTheWholeTree() {
    picocli.CommandLine all = Main.commandLine();
    assertThat(all.getSubcommands()).hasSizeGreaterThan(15);
    for (var e : all.getSubcommands().entrySet()) {
      String name = e.getKey();
      picocli.CommandLine alone = Main.commandLine(java.util.List.of(name, "--help"));
      if (name.equals("help") || name.equals("completion")) {
        assertThat(alone.getSubcommands()).as(name).hasSameSizeAs(all.getSubcommands());
        continue;
      }
      assertThat(alone.getSubcommands()).as(name).containsOnlyKeys(name);
      assertThat(alone.getSubcommands().get(name).getUsageMessage())
          .as(name)
          .isEqualTo(e.getValue().getUsageMessage());
      assertThat(alone.getSubcommands().get(name).getCommandSpec().exitCodeOnInvalidInput())
          .isEqualTo(1);
    }
    // Not a command's name: the whole tree, so the mistake gets its did-you-mean.
    CliRunner.Run typo = CliRunner.run("pln");
    assertThat(typo.exit()).isEqualTo(1);
    assertThat(typo.err()).contains("plan");
  }

  @Test
  void completionCoversEveryCommandAndOptionForBashAndZsh() {
    CliRunner.Run bash = CliRunner.run("completion");
    assertThat(bash.exit()).isZero();
    assertThat(bash.out())
        .contains("complete -F _complete_trueup")
        .contains("show")
        .contains("--max-failed-nodes")
        .contains("ZSH_VERSION");
    assertThat(CliRunner.run("completion", "zsh").out()).isEqualTo(bash.out());
    CliRunner.Run fish = CliRunner.run("completion", "fish");
    assertThat(fish.exit()).isEqualTo(1);
    assertThat(fish.err()).contains("BASH, ZSH");
  }

  @Test
  void maxFailedNodesMeansTheSameInApplyAndServeAsInTheRollout() {
    // Rollout stops once MORE than N have failed: both helps must say a second failure stops.
    for (String command : new String[] {"apply", "serve"}) {
      String help = CliRunner.run(command, "--help").out().replaceAll("\\s+", " ");
      assertThat(help)
          .as(command)
          .contains("no new node is started once more than this many have failed")
          .contains("so a second failure stops; 0 stops at the first");
    }
  }

  @Test
  void reconcileWithoutDryRunNamesTheCommandsThatApply() {
    CliRunner.Run r = CliRunner.run("reconcile");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("trueup apply").contains("trueup serve");
    assertThat(r.err()).doesNotContain("not available");
  }

  @Test
  void whoActsIsTheFlagThenUserThenTheOsAccountNeverUnknown() {
    assertThat(Who.of("carol", Map.of("USER", "alice"), "root"))
        .isEqualTo(new Who("carol", Who.Source.FLAG));
    Who fromEnv = Who.of(null, Map.of("USER", "alice"), "root");
    assertThat(fromEnv).isEqualTo(new Who("alice", Who.Source.USER_VARIABLE));
    assertThat(fromEnv.note()).isEmpty();
    Who fromOs = Who.of(null, Map.of(), "root");
    assertThat(fromOs).isEqualTo(new Who("root", Who.Source.OS_ACCOUNT));
    assertThat(fromOs.note().orElseThrow()).contains("'root'").contains("--by");
    assertThatThrownBy(() -> Who.of(null, Map.of(), "?"))
        .isInstanceOf(CommandFailure.class)
        .hasMessageContaining("--by");
  }
}
