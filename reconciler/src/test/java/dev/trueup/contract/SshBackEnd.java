package dev.trueup.contract;

import dev.trueup.testing.Lab;
import dev.trueup.testing.Lab.LabNode;
import dev.trueup.testing.RealPart;

/** A real sshd node of the fleet lab, reached as its non-root user with {@code sudo -n}. */
record SshBackEnd(LabNode lab) implements BackEnd {

  /** The lab node the contract uses; the other lab tests clean it as this one does. */
  static LabNode labNode() {
    var nodes = Lab.nodes().orElse(java.util.List.of());
    RealPart.LAB_SSH.require(!nodes.isEmpty());
    return nodes.get(nodes.size() - 1);
  }

  @Override
  public Where where() {
    return Where.SSH;
  }

  @Override
  public String nodeHeader() {
    String connection =
        "connection: {driver: ssh, host: %s, port: %d, user: %s, sudo: true, hostKeys: [\"%s\"],";
    return (connection + " identity: {secret: ssh/lab-key}}\n")
        .formatted(lab.host(), lab.port(), lab.user(), lab.hostKey());
  }

  @Override
  public String fleetExtras() {
    return """
    secretProviders:
      files: {type: files, directory: %s}
    secrets:
      ssh/lab-key: {provider: files, key: %s}
    """
        .formatted(lab.identityFile().getParent(), lab.identityFile().getFileName());
  }

  @Override
  public Hands hands() {
    return new Hands() {
      @Override
      public void shell(String script) {
        Lab.rootShell(lab, "ROOT=''\nNODE='" + where().node() + "'\n" + script + "\n");
      }
    };
  }

  /** Marked files any test left in the managed directories would be planned for deletion. */
  @Override
  public void clean() {
    hands()
        .shell(
            "rm -rf /etc/contract /etc/prometheus/rules /etc/cron.d/trueup-*"
                + " /etc/systemd/system/trueup-*");
  }
}
