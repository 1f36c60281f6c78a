package dev.trueup.driver.host.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.observe.ObservationRequest;
import dev.trueup.testing.Lab;
import dev.trueup.testing.Lab.LabNode;
import dev.trueup.testing.RealPart;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a lab node, whose name service reads files alone, the probe looks accounts up in /etc/passwd
 * and /etc/group itself: what it says must be what getent and id say on that node, for accounts
 * with supplementary groups, missing ones and numbers nobody has. (This machine's own name service
 * also asks systemd, so ProbeScriptTest covers the getent and id path.)
 */
class LabAccountFactsTest {
  private static final String SETUP =
      """
      groupadd -f tuacct-a
      groupadd -f tuacct-b
      groupadd -f tuacct-c
      id tuacct-u >/dev/null 2>&1 || useradd -M -d /nonexistent -g tuacct-a -G tuacct-b,tuacct-c tuacct-u
      """;
  private static final String CLEAN =
      """
      userdel tuacct-u 2>/dev/null
      for g in tuacct-a tuacct-b tuacct-c; do groupdel $g 2>/dev/null; done
      true
      """;

  private LabNode lab;

  @BeforeEach
  void accounts() {
    List<LabNode> nodes = Lab.nodes().orElse(List.of());
    RealPart.LAB_SSH.require(!nodes.isEmpty());
    lab = nodes.get(0);
    Lab.rootShell(lab, CLEAN + SETUP);
  }

  @AfterEach
  void clean() {
    if (lab != null) {
      Lab.rootShell(lab, CLEAN);
    }
  }

  @Test
  void accountFactsReadFromTheFilesAreWhatGetentAndIdSay() {
    List<String> users = List.of("tuacct-u", "root", "nobody", "trueup", "tuacct-none");
    List<String> uids = List.of("0", "65534", "1000", "64999");
    List<String> groups = List.of("tuacct-b", "nogroup", "root", "tuacct-none");
    List<String> facts = new ArrayList<>();
    users.forEach(u -> facts.add("user " + u));
    uids.forEach(u -> facts.add("uid " + u));
    groups.forEach(g -> facts.add("group " + g));
    ObservationRequest request =
        new ObservationRequest(
            new TreeSet<>(),
            new TreeSet<>(),
            new TreeSet<>(),
            new TreeSet<>(),
            new java.util.TreeMap<>(),
            new TreeSet<>(facts));
    String input = new String(ProbeScript.input(request, ""), StandardCharsets.UTF_8);
    StringBuilder reference = new StringBuilder("echo '--- reference'\n");
    for (String u : users) {
      reference.append(
          "echo \"user %1$s $(getent passwd %1$s || echo absent) | $(id -gn %1$s 2>/dev/null) | $(id -Gn %1$s 2>/dev/null)\"\n"
              .formatted(u));
    }
    for (String u : uids) {
      reference.append("echo \"uid %1$s $(getent passwd %1$s | cut -d: -f1)\"\n".formatted(u));
    }
    for (String g : groups) {
      reference.append("echo \"group %1$s $(getent group %1$s || echo absent)\"\n".formatted(g));
    }
    String out =
        Lab.rootShell(
            lab,
            "grep -E '^(passwd|group):' /etc/nsswitch.conf\n"
                + "cat > /tmp/tuacct-probe.sh <<'TRUEUP_EOF'\n"
                + ProbeScript.script()
                + "\nTRUEUP_EOF\n"
                + "cat > /tmp/tuacct-input <<'TRUEUP_EOF'\n"
                + input
                + "TRUEUP_EOF\n"
                + "echo '--- probe'\n"
                + "sh /tmp/tuacct-probe.sh < /tmp/tuacct-input\n"
                + reference
                + "rm -f /tmp/tuacct-probe.sh /tmp/tuacct-input\n");
    // The path under test: this node's name service reads files alone.
    assertThat(out).containsPattern("passwd:\\s+files\\n").containsPattern("group:\\s+files\\n");

    Map<String, List<String>> probe = probeFacts(out, request);
    Map<String, String> expected = new LinkedHashMap<>();
    for (String line : out.substring(out.indexOf("--- reference\n") + 14).split("\n")) {
      String[] kv = line.split(" ", 3);
      expected.put(kv[0] + " " + kv[1], kv.length > 2 ? kv[2] : "");
    }
    for (String u : users) {
      String[] ref = expected.get("user " + u).split(" \\| ", -1);
      List<String> got = probe.get("user " + u);
      if (ref[0].equals("absent")) {
        assertThat(got).as(u).containsExactly("absent");
        continue;
      }
      assertThat(got).as(u).startsWith("passwd= " + ref[0], "primary " + ref[1]);
      assertThat(new TreeSet<>(List.of(got.get(2).substring(7).split(" "))))
          .as(u + "'s groups")
          .isEqualTo(new TreeSet<>(List.of(ref[2].split(" "))));
    }
    assertThat(probe.get("user tuacct-u").get(2)).contains("tuacct-b").contains("tuacct-c");
    for (String u : uids) {
      String name = expected.get("uid " + u);
      assertThat(probe.get("uid " + u))
          .as("uid " + u)
          .containsExactly(name.isEmpty() ? "free" : "name " + name);
    }
    for (String g : groups) {
      String ref = expected.get("group " + g);
      assertThat(probe.get("group " + g))
          .as(g)
          .containsExactly(ref.equals("absent") ? "absent" : "group= " + ref);
    }
  }

  /** The probe's fact records by the request's "family name", each its "k ..." lines. */
  private static Map<String, List<String>> probeFacts(String out, ObservationRequest request) {
    List<String> facts = new ArrayList<>(request.facts());
    Map<String, List<String>> byFact = new LinkedHashMap<>();
    String part = out.substring(out.indexOf("--- probe\n"), out.indexOf("--- reference\n"));
    List<String> current = null;
    for (String line : part.split("\n")) {
      if (line.startsWith("K ")) {
        current = new ArrayList<>();
        byFact.put(facts.get(Integer.parseInt(line.substring(2))), current);
      } else if (line.startsWith("k ") && current != null) {
        current.add(line.substring(2));
      }
    }
    return byFact;
  }
}
