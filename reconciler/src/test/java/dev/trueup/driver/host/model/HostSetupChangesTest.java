package dev.trueup.driver.host.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.backend.Differ;
import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.diff.NodeDiff;
import dev.trueup.diff.Note;
import dev.trueup.driver.host.model.HostSetupResource.DesiredAuthorizedKeys;
import dev.trueup.driver.host.model.HostSetupResource.DesiredCrontab;
import dev.trueup.driver.host.model.HostSetupResource.DesiredGroup;
import dev.trueup.driver.host.model.HostSetupResource.DesiredPackage;
import dev.trueup.driver.host.model.HostSetupResource.DesiredSysctl;
import dev.trueup.driver.host.model.HostSetupResource.DesiredUser;
import dev.trueup.live.Reachability;
import dev.trueup.observe.LiveNode;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Packages, accounts, keys and kernel parameters diffed against probe facts, without a node. */
class HostSetupChangesTest {
  private static final SourceLocation AT = new SourceLocation("nodes/n.yaml", 3, 5);
  private static final String KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHoqFAgrvWxXANQqMRBQBbpomGBwgUKWf9c6c6u31wlR ops@lab";

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static NodeDiff diff(DesiredResource r, Map<String, List<String>> facts) {
    DesiredNode desired = new DesiredNode("n", "production", List.of(), List.of(r), List.of());
    LiveNode live =
        new LiveNode(
                "n",
                new Reachability.Observed(),
                true,
                new TreeMap<>(),
                new TreeMap<>(),
                new TreeSet<>())
            .with(new HostFacts(new TreeMap<>(facts)));
    return Differ.compare(desired, live);
  }

  private static Change only(NodeDiff d) {
    assertThat(d.notes()).isEmpty();
    assertThat(d.changes()).hasSize(1);
    return d.changes().get(0);
  }

  private static DesiredPackage pkg(boolean present, String version) {
    return new DesiredPackage("curl", present, Optional.ofNullable(version), AT);
  }

  @Test
  void aMissingPackageIsInstalledAnInstalledOneThatMatchesIsLeftAlone() {
    assertThat(only(diff(pkg(true, null), Map.of("package curl", List.of("apt absent")))).action())
        .isEqualTo(Action.CREATE);
    assertThat(
            diff(pkg(true, "7.88.*"), Map.of("package curl", List.of("apt installed 7.88.1-10")))
                .changes())
        .isEmpty();
  }

  @Test
  void aVersionOutsideTheGlobIsAnUpdateNamingBothVersions() {
    Change c =
        only(diff(pkg(true, "8.*"), Map.of("package curl", List.of("apt installed 7.88.1-10"))));
    assertThat(c.action()).isEqualTo(Action.UPDATE);
    assertThat(c.fields().get(0).desired()).contains("8.*");
    assertThat(c.fields().get(0).live()).contains("7.88.1-10");
  }

  @Test
  void anAbsentPackageIsRemovedOnlyWhenInstalled() {
    assertThat(
            only(diff(pkg(false, null), Map.of("package curl", List.of("dnf installed 8.0-1"))))
                .action())
        .isEqualTo(Action.DELETE);
    assertThat(diff(pkg(false, null), Map.of("package curl", List.of("apk absent"))).changes())
        .isEmpty();
  }

  @Test
  void noPackageManagerOrASandboxIsANoteNotAChange() {
    NodeDiff none = diff(pkg(true, null), Map.of("package curl", List.of("none")));
    assertThat(none.changes()).isEmpty();
    assertThat(none.notes()).extracting(Note::kind).containsExactly(Note.Kind.UNCONVERGEABLE);
    NodeDiff sandbox = diff(pkg(true, null), Map.of("package curl", List.of("sandbox")));
    assertThat(sandbox.notes().get(0).message()).contains("confined local node");
  }

  @Test
  void globsAreLiteralButForTheirWildcards() {
    assertThat(HostSetupChanges.glob("1.2.*").matcher("1.2.10").matches()).isTrue();
    assertThat(HostSetupChanges.glob("1.2.*").matcher("1x2.10").matches()).isFalse();
    assertThat(HostSetupChanges.glob("1.?").matcher("1.5").matches()).isTrue();
  }

  private static DesiredUser user(Optional<Integer> uid, List<String> groups, boolean present) {
    return new DesiredUser(
        "deploy",
        uid,
        Optional.empty(),
        false,
        Optional.of("/bin/bash"),
        Optional.empty(),
        groups,
        present,
        false,
        AT);
  }

  private static List<String> deploy(String shell, String groups) {
    return List.of(
        "passwd " + b64("deploy:x:1001:1001::/home/deploy:" + shell),
        "primary deploy",
        "groups " + groups,
        "keys-missing");
  }

  @Test
  void aUserIsCreatedWithWhatItDeclaresAndUpdatedOnlyInWhatItDeclares() {
    Change create =
        only(
            diff(
                user(Optional.of(1001), List.of("web"), true),
                Map.of("user deploy", List.of("absent"))));
    assertThat(create.action()).isEqualTo(Action.CREATE);
    assertThat(create.fields())
        .extracting(f -> f.field())
        .containsExactly("uid", "shell", "groups");

    // Its other groups are not trueup's when it declares none; its shell is.
    assertThat(
            diff(
                    user(Optional.empty(), List.of(), true),
                    Map.of("user deploy", deploy("/bin/bash", "deploy docker")))
                .changes())
        .isEmpty();
    Change update =
        only(
            diff(
                user(Optional.empty(), List.of("web"), true),
                Map.of("user deploy", deploy("/bin/sh", "deploy docker"))));
    assertThat(update.fields()).extracting(f -> f.field()).containsExactly("shell", "groups");
  }

  @Test
  void aUidAnotherAccountHasIsANote() {
    NodeDiff d =
        diff(
            user(Optional.of(1000), List.of(), true),
            Map.of("user deploy", List.of("absent"), "uid 1000", List.of("name alice")));
    assertThat(d.changes()).isEmpty();
    assertThat(d.notes().get(0).message()).isEqualTo("uid 1000 already belongs to user 'alice'");
  }

  @Test
  void anAbsentUserIsRemovedAndSaysWhetherItsHomeGoes() {
    Change c =
        only(
            diff(
                user(Optional.empty(), List.of(), false),
                Map.of("user deploy", deploy("/bin/sh", "deploy"))));
    assertThat(c.action()).isEqualTo(Action.DELETE);
    assertThat(c.fields().get(1).desired()).contains("(kept)");
  }

  @Test
  void groupsAreCreatedAndTheirGidKeptInLine() {
    DesiredGroup g = new DesiredGroup("web", Optional.of(2000), false, true, AT);
    assertThat(only(diff(g, Map.of("group web", List.of("absent")))).action())
        .isEqualTo(Action.CREATE);
    assertThat(
            only(diff(g, Map.of("group web", List.of("group " + b64("web:x:1999:")))))
                .fields()
                .get(0)
                .live())
        .contains("1999");
    assertThat(diff(g, Map.of("group web", List.of("group " + b64("web:x:2000:")))).changes())
        .isEmpty();
  }

  @Test
  void nonExclusiveKeysCompareOnlyTrueupsBlockAndKeepOtherLines() {
    DesiredAuthorizedKeys k = new DesiredAuthorizedKeys("deploy", List.of(KEY), false, AT);
    String others = "ssh-ed25519 AAAAother someone@else\n";
    String file = others + k.text();
    List<String> facts =
        List.of("passwd " + b64("deploy:x:1001:1001::/home/deploy:/bin/sh"), "keys " + b64(file));
    assertThat(diff(k, Map.of("user deploy", facts)).changes()).isEmpty();
    assertThat(HostSetupChanges.block(file)).isEqualTo(k.text());

    List<String> without = List.of("keys " + b64(others));
    Change c = only(diff(k, Map.of("user deploy", without)));
    assertThat(c.action()).isEqualTo(Action.UPDATE);
    assertThat(c.contentDiff()).anyMatch(l -> l.startsWith("+") && l.contains("ops@lab"));
  }

  @Test
  void exclusiveKeysCompareTheWholeFile() {
    DesiredAuthorizedKeys k = new DesiredAuthorizedKeys("deploy", List.of(KEY), true, AT);
    assertThat(diff(k, Map.of("user deploy", List.of("keys " + b64(k.text())))).changes())
        .isEmpty();
    assertThat(
            only(diff(
                    k,
                    Map.of("user deploy", List.of("keys " + b64(k.text() + "ssh-rsa AAAA x\n")))))
                .action())
        .isEqualTo(Action.UPDATE);
    assertThat(only(diff(k, Map.of("user deploy", List.of("keys-missing")))).action())
        .isEqualTo(Action.CREATE);
  }

  @Test
  void aKernelParameterComparesItsValueWhitespaceNormalizedAndAMissingOneIsANote() {
    DesiredSysctl s = new DesiredSysctl("net.ipv4.ip_local_port_range", "32768 60999", AT);
    assertThat(
            diff(
                    s,
                    Map.of(
                        "sysctl net.ipv4.ip_local_port_range",
                        List.of("value " + b64("32768\t60999"))))
                .changes())
        .isEmpty();
    assertThat(
            only(diff(
                    s,
                    Map.of(
                        "sysctl net.ipv4.ip_local_port_range",
                        List.of("value " + b64("1024 65535")))))
                .action())
        .isEqualTo(Action.UPDATE);
    NodeDiff missing = diff(s, Map.of("sysctl net.ipv4.ip_local_port_range", List.of("missing")));
    assertThat(missing.notes().get(0).message()).contains("/proc/sys/net/ipv4/ip_local_port_range");
  }

  private static DesiredCrontab crontab(DesiredCrontab.Line... lines) {
    return new DesiredCrontab("deploy", List.of(lines), AT);
  }

  private static final DesiredCrontab.Line BACKUP =
      new DesiredCrontab.Line("backup", "0 3 * * *", "/usr/local/bin/backup --date=\\%F");

  @Test
  void aCrontabBlockIsComparedAloneAndTheUsersOwnLinesAreNotTrueupsToChange() {
    DesiredCrontab c = crontab(BACKUP);
    assertThat(c.text())
        .isEqualTo(
            """
            # BEGIN entries managed by trueup
            # backup
            0 3 * * * /usr/local/bin/backup --date=\\%F
            # END entries managed by trueup
            """);
    // crontab -l as $(...) read it: the final newline is gone; a hand-kept line sits above.
    String table = "MAILTO=ops\n*/5 * * * * /opt/poll\n" + c.text().strip();
    assertThat(diff(c, Map.of("crontab deploy", List.of("crontab " + b64(table)))).changes())
        .isEmpty();

    Change created = only(diff(c, Map.of("crontab deploy", List.of("crontab-none"))));
    assertThat(created.action()).isEqualTo(Action.CREATE);
    assertThat(created.contentDiff()).contains("+0 3 * * * /usr/local/bin/backup --date=\\%F");

    // Edited by hand inside the block: drift, shown as a diff of the block only.
    String edited = "*/5 * * * * /opt/poll\n" + c.text().replace("0 3", "30 4");
    Change drift = only(diff(c, Map.of("crontab deploy", List.of("crontab " + b64(edited)))));
    assertThat(drift.action()).isEqualTo(Action.UPDATE);
    assertThat(drift.contentDiff())
        .contains("-30 4 * * * /usr/local/bin/backup --date=\\%F")
        .noneMatch(l -> l.contains("/opt/poll"));
  }

  @Test
  void noEntriesRemoveTrueupsBlockAndAnAbsentBlockIsThenNothingToDo() {
    DesiredCrontab none = crontab();
    assertThat(none.text()).isEmpty();
    String table = "*/5 * * * * /opt/poll\n" + crontab(BACKUP).text();
    Change removed = only(diff(none, Map.of("crontab deploy", List.of("crontab " + b64(table)))));
    assertThat(removed.action()).isEqualTo(Action.DELETE);
    assertThat(
            diff(none, Map.of("crontab deploy", List.of("crontab " + b64("*/5 * * * * /opt/poll"))))
                .changes())
        .isEmpty();
    assertThat(diff(none, Map.of("crontab deploy", List.of("crontab-none"))).changes()).isEmpty();
  }

  @Test
  void aNodeWithoutCrontabSaysSoInsteadOfAChange() {
    NodeDiff d = diff(crontab(BACKUP), Map.of("crontab deploy", List.of("crontab-missing")));
    assertThat(d.changes()).isEmpty();
    assertThat(d.notes())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.kind()).isEqualTo(Note.Kind.UNCONVERGEABLE);
              assertThat(n.message()).contains("no crontab command").contains("deploy");
            });
  }
}
