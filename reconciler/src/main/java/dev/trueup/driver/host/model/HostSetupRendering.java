package dev.trueup.driver.host.model;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.driver.host.model.HostSetupResource.DesiredAuthorizedKeys;
import dev.trueup.driver.host.model.HostSetupResource.DesiredGroup;
import dev.trueup.driver.host.model.HostSetupResource.DesiredPackage;
import dev.trueup.driver.host.model.HostSetupResource.DesiredSysctl;
import dev.trueup.driver.host.model.HostSetupResource.DesiredUser;
import dev.trueup.model.GroupAccount;
import dev.trueup.model.HostSetup;
import dev.trueup.model.PackageSpec;
import dev.trueup.model.SysctlSetting;
import dev.trueup.model.UserAccount;
import dev.trueup.model.value.FileMode;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.render.Marker;
import dev.trueup.render.ResourceKind;
import dev.trueup.render.Resources;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A node's {@link HostSetup} as the host resources it becomes. */
final class HostSetupRendering {
  private HostSetupRendering() {}

  static void render(HostSetup host, Optional<String> root, Resources out) {
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
}
