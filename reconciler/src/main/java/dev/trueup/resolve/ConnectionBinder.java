package dev.trueup.resolve;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.load.YamlList;
import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import dev.trueup.load.YamlScalar;
import dev.trueup.model.Connection;
import dev.trueup.model.SecretRef;
import dev.trueup.model.value.HostKey;
import dev.trueup.model.value.NodePath;
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
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

  private final Fields fields;

  ConnectionBinder(Fields fields) {
    this.fields = fields;
  }

  Optional<Connection> bind(YamlMap node) {
    if (!(node.get("connection").orElse(null) instanceof YamlMap c)) {
      return Optional.empty();
    }
    String driver = fields.text(c, "driver", "ssh");
    return switch (driver) {
      case "local" -> Optional.of(local(c));
      case "ssh" -> ssh(c);
      default -> Optional.empty();
    };
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
