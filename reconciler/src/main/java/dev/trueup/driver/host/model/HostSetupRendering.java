package dev.trueup.driver.host.model;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.driver.host.model.HostSetupResource.DesiredAuthorizedKeys;
import dev.trueup.driver.host.model.HostSetupResource.DesiredCrontab;
import dev.trueup.driver.host.model.HostSetupResource.DesiredFirewall;
import dev.trueup.driver.host.model.HostSetupResource.DesiredGroup;
import dev.trueup.driver.host.model.HostSetupResource.DesiredPackage;
import dev.trueup.driver.host.model.HostSetupResource.DesiredSysctl;
import dev.trueup.driver.host.model.HostSetupResource.DesiredUser;
import dev.trueup.model.CrontabSpec;
import dev.trueup.model.FirewallSpec;
import dev.trueup.model.GroupAccount;
import dev.trueup.model.HostSetup;
import dev.trueup.model.Node;
import dev.trueup.model.PackageSpec;
import dev.trueup.model.Service;
import dev.trueup.model.SysctlSetting;
import dev.trueup.model.UserAccount;
import dev.trueup.model.value.FileMode;
import dev.trueup.model.value.PortMapping;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.render.Marker;
import dev.trueup.render.ResourceKind;
import dev.trueup.render.Resources;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A node's {@link HostSetup} as the host resources it becomes. */
final class HostSetupRendering {
  private HostSetupRendering() {}

  static void render(Node node, Optional<String> root, Resources out) {
    HostSetup host = node.host();
    host.firewall().ifPresent(f -> out.add(firewall(node, f)));
    for (PackageSpec p : host.packages().values()) {
      out.add(new DesiredPackage(p.name(), p.present(), p.version(), p.origins().self()));
    }
    for (GroupAccount g : host.groups().values()) {
      out.add(new DesiredGroup(g.name(), g.gid(), g.system(), g.present(), g.origins().self()));
    }
    for (UserAccount u : host.users().values()) {
      out.add(
          new DesiredUser(
              u.name(),
              u.uid(),
              u.primaryGroup(),
              u.system(),
              u.shell(),
              u.home(),
              u.groups(),
              u.present(),
              u.removeHome(),
              u.origins().self()));
      if (u.present()) {
        u.keys()
            .ifPresent(
                k ->
                    out.add(
                        new DesiredAuthorizedKeys(
                            u.name(), k.keys(), k.exclusive(), u.origins().of("authorizedKeys"))));
      }
    }
    for (CrontabSpec c : host.crontabs().values()) {
      out.add(
          new DesiredCrontab(
              c.user(),
              c.entries().values().stream()
                  .map(
                      e ->
                          new DesiredCrontab.Line(
                              e.name(), e.at(), e.command().replace("%", "\\%")))
                  .toList(),
              c.origins().self()));
    }
    if (!host.sysctl().isEmpty()) {
      StringBuilder text = new StringBuilder(Marker.LINE).append('\n');
      SourceLocation first = null;
      for (SysctlSetting s : host.sysctl().values()) {
        first = first == null ? s.origins().self() : first;
        text.append(s.key()).append(" = ").append(s.value()).append('\n');
        out.add(new DesiredSysctl(s.key(), s.value(), s.origins().self()));
      }
      out.add(
          new DesiredFile(
              Marker.SYSCTL_FILE,
              text.toString().getBytes(StandardCharsets.UTF_8),
              Optional.of(new FileMode(0644)),
              root,
              root,
              ResourceKind.FILE,
              false,
              first));
    }
  }

  /**
   * The input chain: established traffic, loopback and ICMP always (a firewall that drops them
   * breaks the node, not an attacker), then each allowed port, then the policy.
   */
  private static DesiredFirewall firewall(Node node, FirewallSpec f) {
    StringBuilder r = new StringBuilder();
    r.append("  chain input {\n");
    r.append("    type filter hook input priority filter; policy ")
        .append(f.dropOthers() ? "drop" : "accept")
        .append(";\n");
    r.append("    ct state established,related accept\n");
    r.append("    ct state invalid drop\n");
    r.append("    iifname \"lo\" accept\n");
    // By number: a minimal system has no /etc/protocols for nft to resolve names with.
    r.append("    meta l4proto { 1, 58 } accept\n");
    java.util.LinkedHashSet<String> lines = new java.util.LinkedHashSet<>();
    for (FirewallSpec.Rule rule : f.allow()) {
      StringBuilder l = new StringBuilder("    ");
      rule.iface().ifPresent(i -> l.append("iifname \"").append(i).append("\" "));
      rule.from()
          .ifPresent(
              a -> l.append(a.contains(":") ? "ip6 saddr " : "ip saddr ").append(a).append(' '));
      l.append(rule.protocol()).append(" dport ").append(rule.ports()).append(" accept");
      lines.add(l.toString());
    }
    if (f.openServicePorts()) {
      for (Service s : node.services().values()) {
        for (PortMapping p : s.ports()) {
          if (p.hostPort() > 0) {
            lines.add(
                "    "
                    + p.protocol().name().toLowerCase(java.util.Locale.ROOT)
                    + " dport "
                    + p.hostPort()
                    + " accept comment \"service "
                    + s.name()
                    + "\"");
          }
        }
      }
    }
    lines.forEach(l -> r.append(l).append('\n'));
    r.append("  }\n");
    return new DesiredFirewall(r.toString(), f.confirmWithin(), f.origins().self());
  }
}
