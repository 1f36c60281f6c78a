package dev.trueup.resolve;

import dev.trueup.diagnostic.DidYouMean;
import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.load.YamlList;
import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import dev.trueup.load.YamlScalar;
import dev.trueup.model.Connection;
import dev.trueup.model.EnvValue;
import dev.trueup.model.FileContent;
import dev.trueup.model.ManagedFile;
import dev.trueup.model.Node;
import dev.trueup.model.Presence;
import dev.trueup.model.SecretBinding;
import dev.trueup.model.SecretProvider;
import dev.trueup.model.SecretRef;
import dev.trueup.model.Service;
import dev.trueup.model.value.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Resolves one node: its layers merged, its services bound, its secret references checked. */
final class NodeResolver {
  private static final List<String> SETTINGS =
      List.of(
          "services",
          "schedules",
          "alerts",
          "files",
          "directories",
          "packages",
          "sysctl",
          "users",
          "localGroups",
          "firewall",
          "crontab",
          "intermittent",
          "maxOffline",
          "maintenanceWindows",
          "deferWhen",
          "maxDefer");

  private final Fields fields;
  private final SettingsBinder settings;
  private final TimingBinder timing;
  private final ServiceBinder serviceBinder;
  private final ConnectionBinder connections;
  private final YamlMap fleetDefaults;
  private final YamlMap environmentDefaults;
  private final Map<String, YamlMap> groups;
  private final Map<String, YamlMap> services;
  private final List<String> environments;
  private final Map<String, SecretProvider> providers;
  private final Map<String, SecretBinding> fleetSecrets;
  private final java.util.Set<String> broken;

  NodeResolver(
      Fields fields,
      SettingsBinder settings,
      TimingBinder timing,
      ServiceBinder serviceBinder,
      ConnectionBinder connections,
      YamlMap fleetDefaults,
      YamlMap environmentDefaults,
      Map<String, YamlMap> groups,
      Map<String, YamlMap> services,
      List<String> environments,
      Map<String, SecretProvider> providers,
      Map<String, SecretBinding> fleetSecrets,
      java.util.Set<String> broken) {
    this.fields = fields;
    this.settings = settings;
    this.timing = timing;
    this.serviceBinder = serviceBinder;
    this.connections = connections;
    this.fleetDefaults = fleetDefaults;
    this.environmentDefaults = environmentDefaults;
    this.groups = groups;
    this.services = services;
    this.environments = environments;
    this.providers = providers;
    this.fleetSecrets = fleetSecrets;
    this.broken = broken;
  }

  Optional<Node> resolve(String name, YamlMap doc) {
    int before = fields.diagnostics().errorCount();
    String environment = fields.text(doc, "environment", "");
    SourceLocation envAt = doc.get("environment").map(YamlNode::location).orElse(doc.location());
    boolean envOk =
        Resolver.checkEnvironment(environment, envAt, "environment", environments, fields);
    List<String> memberOf = groupList(doc);

    YamlMap merged = pick(fleetDefaults);
    Map<String, SecretBinding> secrets = new LinkedHashMap<>(fleetSecrets);
    for (String g : memberOf) {
      YamlMap group = groups.get(g);
      merged = LayerMerge.merge(merged, pick(LayerMerge.child(group, "defaults")));
      secrets.putAll(
          Resolver.bindings(
              LayerMerge.child(group, "secrets"), "group " + g, "secrets", providers, fields));
    }
    if (envOk) {
      merged = LayerMerge.merge(merged, pick(LayerMerge.child(environmentDefaults, environment)));
    }
    merged = LayerMerge.merge(merged, pick(doc));
    secrets.putAll(
        Resolver.bindings(LayerMerge.child(doc, "secrets"), "node", "secrets", providers, fields));

    Optional<Connection> connection = connections.bind(doc);
    Map<String, YamlMap> serviceChecks = new TreeMap<>();
    SortedMap<String, Service> boundServices =
        services(LayerMerge.child(merged, "services"), environment, serviceChecks);
    Node node =
        new Node(
            name,
            fields.text(doc, "description", ""),
            environment,
            memberOf,
            connection.orElse(null),
            boundServices,
            settings.schedules(LayerMerge.child(merged, "schedules")),
            settings.alerts(LayerMerge.child(merged, "alerts")),
            settings.files(LayerMerge.child(merged, "files")),
            settings.directories(LayerMerge.child(merged, "directories")),
            new TreeMap<>(secrets),
            Fields.origins(doc.location(), doc),
            connections.docker(doc),
            new HostSetupBinder(fields)
                .bind(merged, servicePackages(LayerMerge.child(merged, "services"))),
            presence(merged),
            timing.bind(merged, serviceChecks));
    Resolver.checkPortConflicts(node, fields);
    Resolver.checkServiceOrder(node, fields);
    Resolver.checkFileNotifications(node, fields);
    checkSecretReferences(node, connection);
    if (fields.diagnostics().errorCount() > before || connection.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(node);
  }

  private List<String> groupList(YamlMap doc) {
    List<String> out = new ArrayList<>();
    if (doc.get("groups").orElse(null) instanceof YamlList list) {
      int i = 0;
      for (YamlNode item : list.items()) {
        String path = "groups[" + i++ + "]";
        if (!(item instanceof YamlScalar s)) {
          continue;
        }
        if (broken.contains("group:" + s.text())) {
          continue;
        }
        if (!groups.containsKey(s.text())) {
          fields.error(
              "ref.group",
              s.location(),
              path,
              "group '" + s.text() + "' does not exist",
              DidYouMean.closest(s.text(), groups.keySet())
                  .map(x -> "did you mean '" + x + "'?")
                  .orElse("add groups/" + s.text() + ".yaml"));
        } else if (out.contains(s.text())) {
          fields.error(
              "name.duplicate", s.location(), path, "group '" + s.text() + "' is listed twice");
        } else {
          out.add(s.text());
        }
      }
    }
    return out;
  }

  /** {@code intermittent:} and {@code maxOffline:}, inherited like the other settings. */
  private Presence presence(YamlMap merged) {
    boolean intermittent = fields.bool(merged, "intermittent").orElse(false);
    Duration maxOffline =
        fields
            .parse(
                merged,
                "maxOffline",
                "maxOffline",
                "node.max-offline",
                t -> DurationText.parse(t, false))
            .orElse(Presence.DEFAULT_MAX_OFFLINE);
    if (merged.get("maxOffline").isPresent() && !intermittent) {
      fields.warning(
          "node.max-offline",
          merged.get("maxOffline").get().location(),
          "maxOffline",
          "maxOffline only acts on an intermittent node: this one alerts as soon as it is"
              + " unreachable",
          "add intermittent: true, or remove maxOffline");
    }
    return new Presence(intermittent, maxOffline);
  }

  /** Only the node-setting keys of a layer take part in inheritance. */
  private static YamlMap pick(YamlMap layer) {
    Map<String, YamlMap.Entry> out = new LinkedHashMap<>();
    for (String key : SETTINGS) {
      layer.entry(key).ifPresent(e -> out.put(key, e));
    }
    return new YamlMap(layer.location(), out);
  }

  /**
   * @param checks filled with each bound service's merged {@code deferWhen:}
   */
  private SortedMap<String, Service> services(
      YamlMap entries, String environment, Map<String, YamlMap> checks) {
    SortedMap<String, Service> out = new TreeMap<>();
    for (YamlMap.Entry e : entries.entries().values()) {
      String path = "services." + e.key();
      YamlMap nodeEntry =
          e.value() instanceof YamlMap m ? m : new YamlMap(e.keyLocation(), Map.of());
      if (!fields.bool(nodeEntry, "enabled").orElse(true)) {
        continue;
      }
      YamlMap definition = services.get(e.key());
      if (definition == null && broken.contains("service:" + e.key())) {
        continue;
      }
      if (definition == null) {
        fields.error(
            "ref.service",
            e.keyLocation(),
            path,
            "service '" + e.key() + "' is not defined",
            DidYouMean.closest(e.key(), services.keySet())
                .map(x -> "did you mean '" + x + "'?")
                .orElse("add services/" + e.key() + ".yaml"));
        continue;
      }
      YamlMap base = without(definition, "service", "environments", "packages");
      YamlMap envOverride =
          LayerMerge.child(LayerMerge.child(definition, "environments"), environment);
      YamlMap merged =
          LayerMerge.merge(LayerMerge.merge(base, envOverride), without(nodeEntry, "enabled"));
      serviceBinder
          .bind(e.key(), merged, e.keyLocation(), path)
          .ifPresent(
              s -> {
                out.put(s.name(), s);
                YamlMap deferWhen = LayerMerge.child(merged, "deferWhen");
                if (!deferWhen.entries().isEmpty()) {
                  checks.put(s.name(), deferWhen);
                }
              });
    }
    return out;
  }

  /**
   * The packages the node's enabled services name in their definitions ({@code packages: [..]}):
   * installed before the units that need them.
   */
  private Map<String, dev.trueup.model.PackageSpec> servicePackages(YamlMap entries) {
    Map<String, dev.trueup.model.PackageSpec> out = new LinkedHashMap<>();
    for (YamlMap.Entry e : entries.entries().values()) {
      YamlMap nodeEntry =
          e.value() instanceof YamlMap m ? m : new YamlMap(e.keyLocation(), Map.of());
      YamlMap definition = services.get(e.key());
      if (definition == null || !fields.bool(nodeEntry, "enabled").orElse(true)) {
        continue;
      }
      if (definition.get("packages").orElse(null) instanceof YamlList list) {
        for (YamlNode item : list.items()) {
          if (item instanceof YamlScalar s) {
            out.putIfAbsent(
                s.text(),
                new dev.trueup.model.PackageSpec(
                    s.text(),
                    true,
                    Optional.empty(),
                    new dev.trueup.model.Origins(s.location(), Map.of())));
          }
        }
      }
    }
    return out;
  }

  private static YamlMap without(YamlMap map, String... keys) {
    Map<String, YamlMap.Entry> out = new LinkedHashMap<>(map.entries());
    for (String k : keys) {
      out.remove(k);
    }
    return new YamlMap(map.location(), out);
  }

  /** The schema's secretName: what a reference must look like to be worth checking further. */
  private static final java.util.regex.Pattern SECRET_NAME =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*");

  /** Every secret a node uses must be bound to a provider by the node, a group or the fleet. */
  private void checkSecretReferences(Node node, Optional<Connection> connection) {
    Map<SecretRef, SourceLocation> used = new LinkedHashMap<>();
    for (Service s : node.services().values()) {
      for (Map.Entry<String, EnvValue> env : s.env().entrySet()) {
        if (env.getValue() instanceof EnvValue.Secret secret) {
          used.putIfAbsent(secret.ref(), s.origins().of("env"));
        }
      }
    }
    for (ManagedFile f : node.files().values()) {
      if (f.content() instanceof FileContent.Secret secret) {
        used.putIfAbsent(secret.ref(), f.origins().self());
      }
    }
    if (connection.orElse(null) instanceof Connection.Ssh ssh && ssh.identity() != null) {
      used.putIfAbsent(ssh.identity(), ssh.origins().of("identity"));
    }
    for (Map.Entry<SecretRef, SourceLocation> u : used.entrySet()) {
      // A name the schema refused is reported there once, not again as unbound.
      if (!SECRET_NAME.matcher(u.getKey().name()).matches()) {
        continue;
      }
      if (!node.secrets().containsKey(u.getKey().name())) {
        fields.error(
            "secret.unbound",
            u.getValue(),
            "",
            "secret '" + u.getKey().name() + "' is not bound to a provider for node " + node.name(),
            "bind it under secrets: in fleet.yaml, one of the node's groups, or the node");
      }
    }
  }
}
