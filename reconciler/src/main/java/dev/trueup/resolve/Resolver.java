package dev.trueup.resolve;

import dev.trueup.diagnostic.Diagnostics;
import dev.trueup.diagnostic.DidYouMean;
import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.load.DocumentKind;
import dev.trueup.load.LoadedRepo;
import dev.trueup.load.RepoDocument;
import dev.trueup.load.YamlList;
import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import dev.trueup.load.YamlScalar;
import dev.trueup.model.Connection;
import dev.trueup.model.DesiredState;
import dev.trueup.model.ManagedFile;
import dev.trueup.model.Node;
import dev.trueup.model.Notifications;
import dev.trueup.model.Policy;
import dev.trueup.model.SecretBinding;
import dev.trueup.model.SecretProvider;
import dev.trueup.model.Service;
import dev.trueup.model.value.Names;
import dev.trueup.model.value.Parsed;
import dev.trueup.model.value.PortMapping;
import dev.trueup.model.value.TimeZones;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Turns schema-checked documents into one resolved {@link DesiredState}: inheritance applied (fleet
 * → groups → environment → node), every reference checked, every value parsed. All problems are
 * collected; the state is returned only when there are none.
 */
public final class Resolver {
  private final Clock clock;

  /**
   * @param clock today, for the checks that depend on it: a calendar date that is past, the
   *     daylight-saving changes of the coming year
   */
  public Resolver(Clock clock) {
    this.clock = clock;
  }

  public Resolution resolve(LoadedRepo repo) {
    return resolve(repo, Set.of());
  }

  /**
   * @param broken names ("group:lead", "service:redis") of documents that exist but failed earlier
   *     checks: references to them are not reported again as missing
   */
  public Resolution resolve(LoadedRepo repo, Set<String> broken) {
    Diagnostics diagnostics = new Diagnostics();
    Fields fields = new Fields(diagnostics);
    Optional<RepoDocument> fleetDoc = repo.single(DocumentKind.FLEET);
    if (fleetDoc.isEmpty() || !(fleetDoc.get().root() instanceof YamlMap fleet)) {
      return new Resolution(Optional.empty(), diagnostics.sorted());
    }
    Map<String, YamlMap> groups = index(repo, DocumentKind.GROUP, Names::groupName, fields);
    Map<String, YamlMap> services = index(repo, DocumentKind.SERVICE, Names::serviceName, fields);
    Map<String, YamlMap> nodes = index(repo, DocumentKind.NODE, Names::nodeName, fields);

    String fleetName =
        fields.parse(fleet, "fleet", "fleet", "name.grammar", Names::nodeName).orElse("fleet");
    ZoneId zone =
        fields
            .parse(fleet, "timezone", "timezone", "schedule.timezone", TimeZones::zone)
            .orElse(ZoneId.of("UTC"));
    List<String> environments = environments(fleet, fields);
    Map<String, SecretProvider> providers = providers(fleet, fields);
    Map<String, SecretBinding> fleetSecrets =
        bindings(LayerMerge.child(fleet, "secrets"), "fleet", "secrets", providers, fields);
    YamlMap environmentDefaults = LayerMerge.child(fleet, "environmentDefaults");
    for (YamlMap.Entry e : environmentDefaults.entries().values()) {
      checkEnvironment(
          e.key(), e.keyLocation(), "environmentDefaults." + e.key(), environments, fields);
    }
    Notifications notifications =
        NotificationsBinder.bind(LayerMerge.child(fleet, "notifications"), fields);
    String nodeLabel =
        fields
            .parse(
                LayerMerge.child(fleet, "alerting"),
                "nodeLabel",
                "alerting.nodeLabel",
                "alerting.node-label",
                Resolver::labelName)
            .orElse(dev.trueup.model.AlertRule.DEFAULT_NODE_LABEL);
    Optional<String> prometheus =
        fields.parse(
            LayerMerge.child(LayerMerge.child(fleet, "alerting"), "prometheus"),
            "url",
            "alerting.prometheus.url",
            "alerting.prometheus",
            Resolver::httpUrl);
    Policy policy =
        new PolicyBinder(fields)
            .bind(
                repo.single(DocumentKind.POLICY)
                    .map(RepoDocument::root)
                    .filter(YamlMap.class::isInstance)
                    .map(YamlMap.class::cast),
                environments);

    // Nodes resolve independently: in parallel, each with its own collector, merged in name order.
    YamlMap fleetDefaults = LayerMerge.child(fleet, "defaults");
    RepoFileCheck repoFiles = new RepoFileCheck(repo.root());
    Instant now = clock.instant();
    record Outcome(Optional<Node> node, Diagnostics diagnostics) {}
    List<Outcome> outcomes =
        nodes.entrySet().parallelStream()
            .map(
                n -> {
                  Diagnostics own = new Diagnostics();
                  Fields nodeFields = new Fields(own);
                  NodeResolver resolver =
                      new NodeResolver(
                          nodeFields,
                          new SettingsBinder(nodeFields, repoFiles, zone, now, nodeLabel),
                          new TimingBinder(nodeFields, zone, now),
                          new ServiceBinder(nodeFields),
                          new ConnectionBinder(nodeFields, repo.root()),
                          fleetDefaults,
                          environmentDefaults,
                          groups,
                          services,
                          environments,
                          providers,
                          fleetSecrets,
                          broken);
                  return new Outcome(resolver.resolve(n.getKey(), n.getValue()), own);
                })
            .toList();
    SortedMap<String, Node> resolved = new TreeMap<>();
    for (Outcome o : outcomes) {
      diagnostics.addAll(o.diagnostics().sorted());
      o.node().ifPresent(node -> resolved.put(node.name(), node));
    }
    checkEndpoints(resolved, fields);
    if (diagnostics.hasErrors()) {
      return new Resolution(Optional.empty(), diagnostics.sorted());
    }
    return new Resolution(
        Optional.of(
            new DesiredState(
                fleetName,
                zone,
                environments,
                providers,
                resolved,
                policy,
                notifications,
                new dev.trueup.model.Alerting(nodeLabel, prometheus))),
        diagnostics.sorted());
  }

  /** Documents of a kind by name, checking the name's grammar and that it matches the file. */
  private static Map<String, YamlMap> index(
      LoadedRepo repo, DocumentKind kind, Function<String, Parsed<String>> grammar, Fields fields) {
    Map<String, YamlMap> out = new TreeMap<>();
    for (RepoDocument doc : repo.of(kind)) {
      if (!(doc.root() instanceof YamlMap map)) {
        continue;
      }
      String key = kind.nameKey().orElseThrow();
      Optional<YamlNode> nameNode = map.get(key);
      String name = map.string(key).orElse(doc.stem());
      SourceLocation at = nameNode.map(YamlNode::location).orElse(map.location());
      if (grammar.apply(name) instanceof Parsed.Invalid<String> bad) {
        fields.error("name.grammar", at, key, bad.message(), bad.hint());
        continue;
      }
      if (!name.equals(doc.stem())) {
        fields.error(
            "name.mismatch",
            at,
            key,
            kind.label() + " '" + name + "' is in a file named " + doc.file(),
            "rename the file to "
                + kind.directory().orElse("")
                + "/"
                + name
                + ".yaml or fix the name");
        continue;
      }
      out.put(name, map);
    }
    return out;
  }

  private static List<String> environments(YamlMap fleet, Fields fields) {
    List<String> out = new ArrayList<>();
    if (fleet.get("environments").orElse(null) instanceof YamlList list) {
      int i = 0;
      for (YamlNode item : list.items()) {
        String path = "environments[" + i++ + "]";
        if (item instanceof YamlScalar s) {
          Optional<String> name = fields.parseAt(s, path, "name.grammar", Names::environmentName);
          if (name.isPresent() && out.contains(name.get())) {
            fields.error(
                "name.duplicate",
                s.location(),
                path,
                "environment '" + s.text() + "' is listed twice");
          } else {
            name.ifPresent(out::add);
          }
        }
      }
    }
    return out;
  }

  static boolean checkEnvironment(
      String env, SourceLocation at, String path, List<String> environments, Fields fields) {
    if (environments.contains(env)) {
      return true;
    }
    fields.error(
        "ref.environment",
        at,
        path,
        "environment '" + env + "' is not declared in fleet.yaml",
        DidYouMean.closest(env, environments)
            .map(s -> "did you mean '" + s + "'?")
            .orElse("declared: " + String.join(", ", environments)));
    return false;
  }

  private static Map<String, SecretProvider> providers(YamlMap fleet, Fields fields) {
    Map<String, SecretProvider> out = new LinkedHashMap<>();
    YamlMap all = LayerMerge.child(fleet, "secretProviders");
    for (YamlMap.Entry e : all.entries().values()) {
      if (!(e.value() instanceof YamlMap p)) {
        continue;
      }
      inClusterTakesNoKubeconfig(e.key(), p, fields);
      Map<String, String> settings = new LinkedHashMap<>();
      p.entries().keySet().stream()
          .filter(k -> !k.equals("type"))
          .forEach(k -> fields.text(p, k).ifPresent(v -> settings.put(k, v)));
      out.put(
          e.key(),
          new SecretProvider(
              e.key(),
              fields.text(p, "type", "env"),
              settings,
              Fields.origins(e.keyLocation(), p)));
    }
    return out;
  }

  /** The schema cannot word "not both" well; a kubernetes provider's two ways of access are. */
  private static void inClusterTakesNoKubeconfig(String name, YamlMap provider, Fields fields) {
    if (!fields.bool(provider, "inCluster").orElse(false)) {
      return;
    }
    for (String key : List.of("context", "kubeconfig")) {
      provider
          .get(key)
          .ifPresent(
              value ->
                  fields.error(
                      "secret-provider.in-cluster",
                      value.location(),
                      "secretProviders." + name + "." + key,
                      "'"
                          + key
                          + "' belongs to kubeconfig access; provider '"
                          + name
                          + "' uses inCluster: true (the pod's own service account)"));
    }
  }

  static Map<String, SecretBinding> bindings(
      YamlMap secrets,
      String scope,
      String path,
      Map<String, SecretProvider> providers,
      Fields fields) {
    Map<String, SecretBinding> out = new LinkedHashMap<>();
    for (YamlMap.Entry e : secrets.entries().values()) {
      String p = path + "." + e.key();
      if (Names.secretName(e.key()) instanceof Parsed.Invalid<String> bad) {
        fields.error("secret.name", e.keyLocation(), p, bad.message(), bad.hint());
        continue;
      }
      if (!(e.value() instanceof YamlMap b)) {
        continue;
      }
      String provider = fields.text(b, "provider", "");
      if (!providers.containsKey(provider)) {
        fields.error(
            "ref.secret-provider",
            b.get("provider").map(YamlNode::location).orElse(b.location()),
            p + ".provider",
            "secret provider '" + provider + "' is not declared in fleet.yaml secretProviders",
            DidYouMean.closest(provider, providers.keySet())
                .map(s -> "did you mean '" + s + "'?")
                .orElse(null));
        // Kept, so that references to it are not reported again as unbound.
      }
      out.put(
          e.key(),
          new SecretBinding(
              e.key(),
              provider,
              fields.text(b, "key", e.key()),
              scope,
              Fields.origins(e.keyLocation(), b)));
    }
    return out;
  }

  /** Two nodes reached at the same SSH endpoint are almost always a copy-paste mistake. */
  private static void checkEndpoints(Map<String, Node> nodes, Fields fields) {
    Map<String, Node> seen = new HashMap<>();
    for (Node node : nodes.values()) {
      if (node.connection() instanceof Connection.Ssh ssh) {
        String endpoint = ssh.host() + ":" + ssh.port();
        Node other = seen.putIfAbsent(endpoint, node);
        if (other != null) {
          fields
              .diagnostics()
              .add(
                  dev.trueup.diagnostic.Diagnostic.error(
                          "connection.shared-endpoint",
                          ssh.origins().of("host"),
                          "connection.host",
                          "nodes '"
                              + other.name()
                              + "' and '"
                              + node.name()
                              + "' both connect to "
                              + endpoint)
                      .withRelated(other.connection().origins().of("host"))
                      .asWarning());
        }
      }
    }
  }

  /**
   * Every service a service starts after must run on the node too, and no chain of {@code after:}
   * may come back to where it started: the error names both ends of the cycle.
   */
  /** A file restarts or reloads systemd services the node runs, and no others. */
  static void checkFileNotifications(Node node, Fields fields) {
    for (ManagedFile f : node.files().values()) {
      for (String key : List.of("restarts", "reloads")) {
        for (String name : key.equals("restarts") ? f.restarts() : f.reloads()) {
          Service s = node.services().get(name);
          if (s == null || s.runtime() != dev.trueup.model.Runtime.SYSTEMD) {
            fields.error(
                "ref.service",
                f.origins().of(key),
                "files." + f.path().value() + "." + key,
                "file "
                    + f.path().value()
                    + " "
                    + key
                    + " '"
                    + name
                    + "', which "
                    + (s == null
                        ? "node " + node.name() + " does not run"
                        : "runs as a container (only systemd services are restarted by files)"),
                "name a systemd service of the node");
          }
        }
      }
    }
  }

  private static dev.trueup.model.value.Parsed<String> httpUrl(String text) {
    try {
      java.net.URI u = java.net.URI.create(text);
      if ((u.getScheme().equals("http") || u.getScheme().equals("https")) && u.getHost() != null) {
        return dev.trueup.model.value.Parsed.ok(text.replaceAll("/+$", ""));
      }
    } catch (RuntimeException e) {
      // Not a URL: said below.
    }
    return dev.trueup.model.value.Parsed.invalid(
        "'" + text + "' is not an http(s) URL of a Prometheus", "e.g. http://127.0.0.1:9090");
  }

  /** A Prometheus label name that is not reserved ({@code __name__} and the like). */
  private static dev.trueup.model.value.Parsed<String> labelName(String text) {
    return text.matches("[a-zA-Z_][a-zA-Z0-9_]*") && !text.startsWith("__")
        ? dev.trueup.model.value.Parsed.ok(text)
        : dev.trueup.model.value.Parsed.invalid(
            "'" + text + "' is not a Prometheus label name for a node",
            "letters, digits and _, not starting with a digit or __ (node, instance, host)");
  }

  static void checkServiceOrder(Node node, Fields fields) {
    for (Service s : node.services().values()) {
      for (String a : s.after()) {
        if (!node.services().containsKey(a)) {
          fields.error(
              "ref.service",
              s.origins().of("after"),
              "services." + s.name() + ".after",
              "service '"
                  + s.name()
                  + "' starts after '"
                  + a
                  + "', which node "
                  + node.name()
                  + " does not run",
              "add it to the node's services, or drop it from after:");
        }
      }
    }
    java.util.Set<String> reported = new java.util.HashSet<>();
    for (String start : node.services().keySet()) {
      java.util.List<String> path = new java.util.ArrayList<>();
      cycle(node, start, path, new java.util.HashSet<>())
          .filter(c -> reported.add(new java.util.TreeSet<>(c).toString()))
          .ifPresent(
              c -> {
                Service first = node.services().get(c.get(0));
                fields.error(
                    "service.after-cycle",
                    first.origins().of("after"),
                    "services." + first.name() + ".after",
                    "services '"
                        + c.get(0)
                        + "' and '"
                        + c.get(c.size() - 2)
                        + "' wait for each other: "
                        + String.join(" → ", c),
                    "one of them must not start after the other");
              });
    }
  }

  /**
   * The first cycle reached from {@code at}, as the names along it (the first again at the end).
   */
  private static Optional<java.util.List<String>> cycle(
      Node node, String at, java.util.List<String> path, java.util.Set<String> done) {
    int seen = path.indexOf(at);
    if (seen >= 0) {
      java.util.List<String> c = new java.util.ArrayList<>(path.subList(seen, path.size()));
      c.add(at);
      return Optional.of(c);
    }
    if (!done.add(at) || !node.services().containsKey(at)) {
      return Optional.empty();
    }
    path.add(at);
    for (String next : node.services().get(at).after()) {
      Optional<java.util.List<String>> found = cycle(node, next, path, done);
      if (found.isPresent()) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    return Optional.empty();
  }

  static void checkPortConflicts(Node node, Fields fields) {
    Map<String, String> used = new HashMap<>();
    for (Service s : node.services().values()) {
      for (PortMapping p : s.ports()) {
        if (p.hostPort() <= 0) {
          continue;
        }
        String key = p.hostPort() + "/" + p.protocol();
        String other = used.putIfAbsent(key, s.name());
        if (other != null) {
          fields.error(
              "service.port-conflict",
              s.origins().of("ports"),
              "services." + s.name() + ".ports",
              "host port "
                  + key.replace("/", " ")
                  + " is used by both '"
                  + other
                  + "' and '"
                  + s.name()
                  + "' on node "
                  + node.name());
        }
      }
    }
  }
}
