package dev.trueup.driver.host.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.backend.Renderer;
import dev.trueup.driver.host.model.HostSetupResource.DesiredFirewall;
import dev.trueup.model.FirewallSpec;
import dev.trueup.model.HostSetup;
import dev.trueup.model.Node;
import dev.trueup.render.DesiredNode;
import dev.trueup.testing.fixtures.Nodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The nft script a node's firewall becomes: one table, the rules in declaration order. */
class FirewallRenderingTest {

  private static DesiredFirewall render(Node node) {
    DesiredNode d = new Renderer(p -> Optional.empty()).render(node, Nodes.fleet(node));
    return d.resources().stream()
        .filter(r -> r instanceof DesiredFirewall)
        .map(r -> (DesiredFirewall) r)
        .findFirst()
        .orElseThrow();
  }

  private static Node with(FirewallSpec f) {
    Node n = Nodes.node("alpha").build();
    return new Node(
        n.name(),
        n.description(),
        n.environment(),
        n.groups(),
        n.connection(),
        n.services(),
        n.schedules(),
        n.alerts(),
        n.files(),
        n.directories(),
        n.secrets(),
        n.origins(),
        n.docker(),
        new HostSetup(
            new java.util.TreeMap<>(),
            new java.util.TreeMap<>(),
            new java.util.TreeMap<>(),
            new java.util.TreeMap<>(),
            Optional.of(f)));
  }

  private static FirewallSpec.Rule rule(String port, String proto, String from, String iface) {
    return new FirewallSpec.Rule(
        port, proto, Optional.ofNullable(from), Optional.ofNullable(iface), Nodes.at("n.yaml", 9));
  }

  @Test
  void rulesKeepEstablishedLoopbackAndIcmpThenTheirOrderThenThePolicy() {
    FirewallSpec f =
        new FirewallSpec(
            true,
            List.of(
                rule("22", "tcp", null, null),
                rule("51820", "udp", "10.0.0.0/24", null),
                rule("9100", "tcp", "fd00::/8", "wg0"),
                rule("8000-8013", "tcp", null, null)),
            false,
            Duration.ofSeconds(60),
            Nodes.at("n.yaml", 8));
    DesiredFirewall fw = render(with(f));
    assertThat(fw.id()).isEqualTo("inet trueup");
    assertThat(fw.rules())
        .isEqualTo(
            String.join(
                "\n",
                "  chain input {",
                "    type filter hook input priority filter; policy drop;",
                "    ct state established,related accept",
                "    ct state invalid drop",
                "    iifname \"lo\" accept",
                "    meta l4proto { 1, 58 } accept",
                "    tcp dport 22 accept",
                "    ip saddr 10.0.0.0/24 udp dport 51820 accept",
                "    iifname \"wg0\" ip6 saddr fd00::/8 tcp dport 9100 accept",
                "    tcp dport 8000-8013 accept",
                "  }",
                ""));
    // The script replaces the table whether or not it exists, and carries the rules' digest.
    assertThat(fw.script())
        .startsWith("table inet trueup\ndelete table inet trueup\ntable inet trueup {\n")
        .contains("comment \"trueup sha256:" + fw.digest() + "\"");
  }

  @Test
  void openServicePortsAllowsEveryPublishedHostPortOnce() {
    Node n = Nodes.node("alpha").build();
    dev.trueup.model.Service web =
        new dev.trueup.model.Service(
            "web",
            "",
            dev.trueup.model.Runtime.CONTAINER,
            Optional.empty(),
            List.of(),
            List.of(
                dev.trueup.model.value.PortMapping.parse("127.0.0.1:8080:80").value(),
                dev.trueup.model.value.PortMapping.parse("53:53/udp").value()),
            Map.of(),
            List.of(),
            "always",
            Optional.empty(),
            Optional.empty(),
            Nodes.at("services/web.yaml", 1));
    FirewallSpec f =
        new FirewallSpec(true, List.of(), true, Duration.ofSeconds(60), Nodes.at("n.yaml", 8));
    Node node =
        new Node(
            n.name(),
            n.description(),
            n.environment(),
            n.groups(),
            n.connection(),
            new java.util.TreeMap<>(Map.of("web", web)),
            n.schedules(),
            n.alerts(),
            n.files(),
            n.directories(),
            n.secrets(),
            n.origins(),
            n.docker(),
            new HostSetup(
                new java.util.TreeMap<>(),
                new java.util.TreeMap<>(),
                new java.util.TreeMap<>(),
                new java.util.TreeMap<>(),
                Optional.of(f)));
    assertThat(render(node).rules())
        .contains("    tcp dport 8080 accept comment \"service web\"\n")
        .contains("    udp dport 53 accept comment \"service web\"\n");
  }

  @Test
  void anotherRevisionsRulesHaveAnotherDigest() {
    FirewallSpec a =
        new FirewallSpec(
            true,
            List.of(rule("22", "tcp", null, null)),
            false,
            Duration.ofSeconds(60),
            Nodes.at("n.yaml", 8));
    FirewallSpec b =
        new FirewallSpec(
            false,
            List.of(rule("22", "tcp", null, null)),
            false,
            Duration.ofSeconds(60),
            Nodes.at("n.yaml", 8));
    assertThat(render(with(a)).digest()).isNotEqualTo(render(with(b)).digest());
  }
}
