package dev.trueup.engine;

import dev.trueup.testing.Lab;
import dev.trueup.testing.Lab.LabNode;
import dev.trueup.testing.RealPart;
import java.util.Base64;
import java.util.List;

/**
 * The same decision-matrix story on two fleet-lab nodes (real sshd in podman containers, a non-root
 * user with `sudo -n`, pinned host keys): staging is lab node 1, production lab node 2.
 */
class LabApplyPipelineTest extends ApplyPipelineTest {
  private List<LabNode> lab;

  private List<LabNode> lab() {
    if (lab == null) {
      lab = Lab.nodes().orElse(List.of());
      RealPart.LAB_SSH.require(lab.size() >= 2);
    }
    return lab;
  }

  private LabNode labNode(String name) {
    return name.equals("stage") ? lab().get(0) : lab().get(1);
  }

  @Override
  String connection(String name) {
    LabNode n = labNode(name);
    return "{driver: ssh, host: %s, port: %d, user: %s, sudo: true, hostKeys: [\"%s\"], identity: {secret: ssh/lab-key}}"
        .formatted(n.host(), n.port(), n.user(), n.hostKey());
  }

  @Override
  String fleetExtras() {
    var identity = lab().get(0).identityFile();
    return """
    secretProviders:
      files: {type: files, directory: %s}
    secrets:
      ssh/lab-key: {provider: files, key: %s}
    """
        .formatted(identity.getParent(), identity.getFileName());
  }

  @Override
  String read(String node, String path) {
    return Lab.rootShell(labNode(node), "cat '" + path + "' 2>/dev/null || printf '<missing>'\n");
  }

  @Override
  void edit(String node, String path, String content) {
    String b64 = Base64.getEncoder().encodeToString(content.getBytes());
    Lab.rootShell(
        labNode(node),
        "mkdir -p \"$(dirname '"
            + path
            + "')\" && echo "
            + b64
            + " | base64 -d > '"
            + path
            + "'\n");
  }

  @Override
  void clean() {
    for (LabNode n : lab().subList(0, 2)) {
      Lab.rootShell(n, "rm -rf /etc/app /etc/cron.d/trueup-* /etc/prometheus/rules/trueup-*\n");
    }
  }
}
