package dev.trueup.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.DesiredState;
import dev.trueup.model.HostSetup;
import dev.trueup.model.Node;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.TreeCopy;
import dev.trueup.validate.ValidationReport;
import dev.trueup.validate.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a node's operating system is told, bound from YAML through every layer: fleet defaults, a
 * group, the node; services bring their packages; files name the services they restart.
 */
class HostSetupBindingTest {
  @TempDir Path repo;

  private DesiredState load(String nodeYaml, String fleetDefaults) throws IOException {
    TreeCopy.copy(ProjectRoot.module().resolve("src/test/resources/corpus/base"), repo);
    Files.writeString(repo.resolve("nodes/alpha.yaml"), nodeYaml, StandardOpenOption.APPEND);
    // The node's own weekly-backup entry says state: absent.
    Path alpha = repo.resolve("nodes/alpha.yaml");
    Files.writeString(
        alpha,
        Files.readString(alpha)
            .replace(
                "weekly-backup: {cron: \"0 2 * * 0\", timezone: UTC, command:"
                    + " /opt/maint/backup.sh}",
                "weekly-backup: {state: absent}"));
    String fleet = Files.readString(repo.resolve("fleet.yaml"));
    Files.writeString(
        repo.resolve("fleet.yaml"), fleet.replace("defaults:\n", "defaults:\n" + fleetDefaults));
    ValidationReport report = new Validator().validate(repo);
    assertThat(report.errors()).as(report.diagnostics().toString()).isZero();
    return report.state().orElseThrow();
  }

  @Test
  void layersMergeAndTheNodeWins() throws IOException {
    DesiredState state =
        load(
            """
            packages:
              curl: {version: "7.88.*"}
              telnet: {state: absent}
            sysctl:
              vm.swappiness: 10
              net.ipv4.ip_forward: true
            localGroups:
              web: {gid: 2000}
            users:
              deploy:
                uid: 1001
                groups: [web]
                authorizedKeys:
                  keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHoqFAgrvWxXANQqMRBQBbpomGBwgUKWf9c6c6u31wlR ci@aurora"]
                  exclusive: true
            firewall:
              allow: [{port: 22}, {port: 51820, protocol: udp, from: 10.0.0.0/24}]
            crontab:
              deploy:
                report: {at: "0  6 * * MON", command: "/opt/report.sh --day=%a"}
            maxOffline: 7d
            """,
            "  packages:\n"
                + "    curl: {}\n"
                + "    htop: {}\n"
                + "  crontab:\n"
                + "    deploy:\n"
                + "      poll: {at: \"*/5 * * * *\", command: /opt/poll}\n"
                + "  intermittent: true\n");
    Node alpha = state.nodes().get("alpha");
    HostSetup host = alpha.host();
    assertThat(host.packages().keySet()).containsExactly("curl", "htop", "telnet");
    assertThat(host.packages().get("curl").version()).contains("7.88.*");
    assertThat(host.packages().get("telnet").present()).isFalse();
    assertThat(host.sysctl().get("net.ipv4.ip_forward").value()).isEqualTo("1");
    assertThat(host.sysctl().get("vm.swappiness").value()).isEqualTo("10");
    assertThat(host.groups().get("web").gid()).contains(2000);
    assertThat(host.users().get("deploy").keys().orElseThrow().exclusive()).isTrue();
    assertThat(host.firewall().orElseThrow().allow()).hasSize(2);
    assertThat(host.firewall().orElseThrow().dropOthers()).isTrue();
    // Crontab entries merge over the fleet's by name; cron's text is normalized.
    assertThat(host.crontabs().get("deploy").entries().keySet()).containsExactly("poll", "report");
    assertThat(host.crontabs().get("deploy").entries().get("report").at()).isEqualTo("0 6 * * mon");
    assertThat(host.crontabs().get("deploy").entries().get("report").command())
        .isEqualTo("/opt/report.sh --day=%a");
    // state: absent takes the schedule off the node, as enabled: false does.
    assertThat(alpha.schedules()).doesNotContainKey("weekly-backup");
    // Presence is inherited like the rest: the fleet says intermittent, the node its own limit.
    assertThat(alpha.presence())
        .isEqualTo(new dev.trueup.model.Presence(true, java.time.Duration.ofDays(7)));
    assertThat(state.nodes().get("beta").presence())
        .isEqualTo(
            new dev.trueup.model.Presence(true, dev.trueup.model.Presence.DEFAULT_MAX_OFFLINE));
    // A node that says nothing is told nothing beyond the fleet's defaults.
    assertThat(state.nodes().get("beta").host().packages().keySet())
        .containsExactly("curl", "htop");
    assertThat(state.nodes().get("beta").host().users()).isEmpty();
  }
}
