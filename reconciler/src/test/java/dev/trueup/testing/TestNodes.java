package dev.trueup.testing;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.model.Connection;
import dev.trueup.model.Node;
import dev.trueup.model.Origins;
import dev.trueup.model.SecretBinding;
import dev.trueup.model.SecretRef;
import dev.trueup.model.value.HostKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Resolved nodes for driver tests, without going through the loader. */
public final class TestNodes {
  private TestNodes() {}

  public static final Origins HERE = Origins.of(SourceLocation.ofFile("test"));

  public static Node node(String name, Connection connection, Map<String, SecretBinding> secrets) {
    return new Node(
        name,
        "",
        "development",
        List.of(),
        connection,
        new TreeMap<>(),
        new TreeMap<>(),
        new TreeMap<>(),
        new TreeMap<>(),
        new TreeMap<>(),
        new TreeMap<>(secrets),
        HERE);
  }

  public static Node local(String name, Optional<String> root) {
    return node(name, new Connection.Local(root, HERE), Map.of());
  }

  /** An ssh node whose identity is secret {@code ssh/test-key}, bound to provider "files". */
  public static Node ssh(String name, int port, String user, boolean sudo, List<HostKey> hostKeys) {
    return node(
        name,
        new Connection.Ssh(
            "127.0.0.1", port, user, sudo, hostKeys, new SecretRef("ssh/test-key"), HERE),
        Map.of(
            "ssh/test-key", new SecretBinding("ssh/test-key", "files", "test-key", "node", HERE)));
  }
}
