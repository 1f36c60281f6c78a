package dev.trueup.driver.host;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.model.HealthCheck;
import dev.trueup.model.Node;
import dev.trueup.model.Runtime;
import dev.trueup.model.Service;
import dev.trueup.model.value.FileMode;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.DesiredResource.DesiredDirectory;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.render.Marker;
import dev.trueup.render.ResourceKind;
import dev.trueup.testing.TestNodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Desired nodes built by hand for apply tests. */
public final class Fixtures {
  private Fixtures() {}

  public static final SourceLocation HERE = SourceLocation.ofFile("test");

  public static DesiredDirectory dir(String path, String mode, String owner) {
    return new DesiredDirectory(
        path, Optional.of(mode(mode)), Optional.ofNullable(owner), Optional.empty(), HERE);
  }

  public static DesiredFile file(String path, String content, String mode, String owner) {
    return new DesiredFile(
        path,
        content.getBytes(StandardCharsets.UTF_8),
        Optional.of(mode(mode)),
        Optional.ofNullable(owner),
        Optional.empty(),
        ResourceKind.FILE,
        false,
        HERE);
  }

  public static DesiredFile cron(String name, String line) {
    return new DesiredFile(
        Marker.CRON_DIRECTORY + "/" + Marker.PREFIX + name,
        (Marker.LINE + "\n" + line + "\n").getBytes(StandardCharsets.UTF_8),
        Optional.of(mode("0644")),
        Optional.empty(),
        Optional.empty(),
        ResourceKind.SCHEDULE,
        false,
        HERE);
  }

  public static DesiredFile alerts(String node) {
    return new DesiredFile(
        Marker.ALERT_RULES_DIRECTORY + "/" + Marker.PREFIX + node + ".yml",
        (Marker.LINE + "\ngroups: []\n").getBytes(StandardCharsets.UTF_8),
        Optional.of(mode("0644")),
        Optional.empty(),
        Optional.empty(),
        ResourceKind.ALERT_RULES,
        false,
        HERE);
  }

  public static DesiredNode desired(String node, DesiredResource... resources) {
    return new DesiredNode(node, "development", List.of(), List.of(resources), List.of());
  }

  public static DesiredNode desired(String node, List<DesiredResource> resources) {
    return new DesiredNode(node, "development", List.of(), resources, List.of());
  }

  public static List<DesiredResource> with(List<DesiredResource> base, DesiredResource... more) {
    List<DesiredResource> out = new ArrayList<>(base);
    out.addAll(List.of(more));
    return out;
  }

  /** The node with one service whose health check is {@code command}. */
  public static Node withCommandCheck(Node node, String command) {
    Service svc =
        new Service(
            "app",
            "",
            Runtime.SYSTEMD,
            Optional.empty(),
            List.of(),
            List.of(),
            Map.of(),
            List.of(),
            "always",
            Optional.empty(),
            Optional.of(
                // One retry a second apart: a failing check gives its verdict in about a second.
                new HealthCheck.Command(
                    command, Duration.ofSeconds(1), Duration.ofSeconds(5), 1, Duration.ZERO)),
            TestNodes.HERE);
    return new Node(
        node.name(),
        node.description(),
        node.environment(),
        node.groups(),
        node.connection(),
        new TreeMap<>(Map.of("app", svc)),
        node.schedules(),
        node.alerts(),
        node.files(),
        node.directories(),
        node.secrets(),
        node.origins());
  }

  private static FileMode mode(String text) {
    return FileMode.parse(text).value();
  }
}
