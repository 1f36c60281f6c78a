package dev.trueup.resolve;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.load.YamlList;
import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import dev.trueup.load.YamlScalar;
import dev.trueup.model.ClusterAccess;
import dev.trueup.model.Connection;
import dev.trueup.model.DockerEndpoint;
import dev.trueup.model.SecretRef;
import dev.trueup.model.value.HostKey;
import dev.trueup.model.value.NodePath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds a node's {@code connection:} block. */
final class ConnectionBinder {
  private static final Pattern HOST =
      Pattern.compile(
          "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9a-fA-F:.]+");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

  private final Fields fields;
  private final Path repoRoot;

  ConnectionBinder(Fields fields) {
    this(fields, Path.of(""));
  }

  /**
   * @param repoRoot what a relative {@code kubeconfig:} is relative to
   */
  ConnectionBinder(Fields fields, Path repoRoot) {
    this.fields = fields;
    this.repoRoot = repoRoot;
  }

  Optional<Connection> bind(YamlMap node) {
    if (!(node.get("connection").orElse(null) instanceof YamlMap c)) {
      return Optional.empty();
    }
    String driver = fields.text(c, "driver", "ssh");
    return switch (driver) {
      case "local" -> Optional.of(local(c));
      case "ssh" -> ssh(c);
      case "kubernetes" -> kubernetes(c);
      default -> Optional.empty();
    };
  }

  /**
   * Binds a node's {@code docker:} block: {@code {socket: /path}} (a unix socket on the node), or
   * {@code {host, port, tlsCertDir}} for TCP. Empty when the node has no block, or it is broken
   * (then with a diagnostic).
   */
  Optional<DockerEndpoint> docker(YamlMap node) {
    if (!(node.get("docker").orElse(null) instanceof YamlMap d)) {
      return Optional.empty();
    }
    Optional<String> host = fields.text(d, "host");
    if (host.isEmpty()) {
      String socket =
          fields
              .parse(d, "socket", "docker.socket", "path.node", NodePath::parse)
              .map(NodePath::value)
              .orElse(DockerEndpoint.DEFAULT_SOCKET);
      return Optional.of(new DockerEndpoint.Socket(socket, Fields.origins(d.location(), d)));
    }
    if (!HOST.matcher(host.get()).matches()) {
      fields.error(
          "docker.host",
          d.get("host").map(YamlNode::location).orElse(d.location()),
          "docker.host",
          "'" + host.get() + "' is not a host name or IP address");
      return Optional.empty();
    }
    int port = fields.number(d, "port", "docker.port").map(Double::intValue).orElse(2376);
    Optional<String> certs =
        fields
            .parse(d, "tlsCertDir", "docker.tlsCertDir", "path.node", NodePath::parse)
            .map(NodePath::value);
    return Optional.of(
        new DockerEndpoint.Tcp(host.get(), port, certs, Fields.origins(d.location(), d)));
  }

  private Optional<Connection> kubernetes(YamlMap c) {
    boolean ok = true;
    boolean inCluster = fields.bool(c, "inCluster").orElse(false);
    String context = fields.text(c, "context", "");
    if (inCluster) {
      for (String kubeconfigOnly : new String[] {"context", "kubeconfig", "allowExecCredentials"}) {
        if (c.get(kubeconfigOnly).isPresent()) {
          fields.error(
              "connection.in-cluster",
              c.get(kubeconfigOnly).get().location(),
              "connection." + kubeconfigOnly,
              "'"
                  + kubeconfigOnly
                  + "' belongs to kubeconfig access; this node uses inCluster: true (the pod's"
                  + " own service account)");
          ok = false;
        }
      }
    } else if (context.isBlank()) {
      fields.error(
          "connection.context",
          c.get("context").map(YamlNode::location).orElse(c.location()),
          "connection.context",
          "a kubernetes node needs the kubeconfig context to use, or inCluster: true to use the"
              + " service account of the pod trueup runs in");
      ok = false;
    }
    String namespace = fields.text(c, "namespace", "");
    if (!NAMESPACE.matcher(namespace).matches()) {
      fields.error(
          "connection.namespace",
          c.get("namespace").map(YamlNode::location).orElse(c.location()),
          "connection.namespace",
          "'" + namespace + "' is not a valid namespace (a DNS label)");
      ok = false;
    }
    String jobImage = fields.text(c, "jobImage", Connection.Kubernetes.DEFAULT_JOB_IMAGE);
    if (!ok) {
      return Optional.empty();
    }
    ClusterAccess access =
        inCluster
            ? new ClusterAccess.InCluster()
            : new ClusterAccess.Kubeconfig(
                kubeconfigFile(fields.text(c, "kubeconfig", ClusterAccess.Kubeconfig.DEFAULT_FILE)),
                context,
                fields.bool(c, "allowExecCredentials").orElse(false));
    return Optional.of(
        new Connection.Kubernetes(access, namespace, jobImage, Fields.origins(c.location(), c)));
  }

  /** A relative kubeconfig path in desired state is relative to the repository. */
  private String kubeconfigFile(String text) {
    String file = text.strip();
    if (!file.startsWith("/") && !file.startsWith("~/")) {
      file = repoRoot.resolve(file).toAbsolutePath().normalize().toString();
    }
    return file;
  }

  private Connection local(YamlMap c) {
    Optional<String> root =
        fields
            .parse(c, "root", "connection.root", "path.node", NodePath::parse)
            .map(NodePath::value);
    return new Connection.Local(root, Fields.origins(c.location(), c));
  }

  private Optional<Connection> ssh(YamlMap c) {
    boolean ok = true;
    String host = fields.text(c, "host", "");
    if (!HOST.matcher(host).matches()) {
      SourceLocation at = c.get("host").map(YamlNode::location).orElse(c.location());
      fields.error(
          "connection.host",
          at,
          "connection.host",
          "'" + host + "' is not a host name or IP address");
      ok = false;
    }
    int port = fields.number(c, "port", "connection.port").map(Double::intValue).orElse(22);
    String user = fields.text(c, "user", "root");
    if (!USER.matcher(user).matches()) {
      fields.error(
          "connection.user",
          c.get("user").map(YamlNode::location).orElse(c.location()),
          "connection.user",
          "'" + user + "' is not a valid user name",
          "user names are lower-case letters, digits, '_' and '-'");
      ok = false;
    }
    boolean sudo = fields.bool(c, "sudo").orElse(false);
    List<HostKey> keys = new ArrayList<>();
    Set<HostKey> seen = new HashSet<>();
    if (c.get("hostKeys").orElse(null) instanceof YamlList list) {
      int i = 0;
      for (YamlNode item : list.items()) {
        String path = "connection.hostKeys[" + i++ + "]";
        if (item instanceof YamlScalar s) {
          Optional<HostKey> key = fields.parseAt(s, path, "connection.host-key", HostKey::parse);
          if (key.isEmpty()) {
            ok = false;
          } else if (!seen.add(key.get())) {
            fields.error("connection.host-key", s.location(), path, "host key listed twice");
          } else {
            keys.add(key.get());
          }
        }
      }
    }
    Optional<SecretRef> identity = fields.secret(c, "identity");
    if (!ok) {
      return Optional.empty();
    }
    return Optional.of(
        new Connection.Ssh(
            host, port, user, sudo, keys, identity.orElse(null), Fields.origins(c.location(), c)));
  }
}
