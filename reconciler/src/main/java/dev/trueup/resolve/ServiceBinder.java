package dev.trueup.resolve;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.load.YamlList;
import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import dev.trueup.load.YamlScalar;
import dev.trueup.model.EnvValue;
import dev.trueup.model.HealthCheck;
import dev.trueup.model.Runtime;
import dev.trueup.model.SecretRef;
import dev.trueup.model.Service;
import dev.trueup.model.SystemdUnit;
import dev.trueup.model.value.DurationText;
import dev.trueup.model.value.ImageRef;
import dev.trueup.model.value.Names;
import dev.trueup.model.value.OneLine;
import dev.trueup.model.value.PortMapping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Binds one service as a node runs it, from its merged definition. */
final class ServiceBinder {
  /** Variable names that almost always carry a credential: a literal value there is a leak. */
  private static final Pattern SECRET_NAME =
      Pattern.compile(".*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL).*");

  private final Fields fields;

  ServiceBinder(Fields fields) {
    this.fields = fields;
  }

  Optional<Service> bind(String name, YamlMap merged, SourceLocation declared, String path) {
    int before = fields.diagnostics().errorCount();
    Runtime runtime = fields.choice(merged, "runtime", Runtime.class).orElse(Runtime.CONTAINER);
    Optional<ImageRef> image =
        fields.parse(merged, "image", Fields.join(path, "image"), "service.image", ImageRef::parse);
    List<PortMapping> ports = ports(merged, path);
    Map<String, EnvValue> env = env(merged, path, runtime);
    List<String> volumes = volumes(merged, path);
    int beforeUnit = fields.diagnostics().errorCount();
    Optional<SystemdUnit> unit = systemd(merged, path);
    boolean unitReported = fields.diagnostics().errorCount() > beforeUnit;
    fields.parse(
        merged,
        "description",
        Fields.join(path, "description"),
        "service.description",
        t -> OneLine.parseFolding("a service's description", t));
    Optional<HealthCheck> health = health(merged, path);
    if (runtime == Runtime.CONTAINER && merged.get("image").isEmpty()) {
      fields.error(
          "service.no-image",
          declared,
          path,
          "service '" + name + "' runs as a container but has no image",
          "set image: in services/" + name + ".yaml or in the node's entry");
    }
    if (runtime == Runtime.SYSTEMD && unit.isEmpty() && !unitReported) {
      fields.error(
          "service.no-unit",
          declared,
          path,
          "service '" + name + "' runs under systemd but has no systemd: block with unit and exec");
    }
    if (fields.diagnostics().errorCount() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new Service(
            name,
            fields.text(merged, "description", ""),
            runtime,
            image,
            fields.strings(merged, "command"),
            ports,
            env,
            volumes,
            fields.text(merged, "restart", runtime == Runtime.CONTAINER ? "unless-stopped" : "no"),
            unit,
            health,
            Fields.origins(declared, merged),
            fields.strings(merged, "after")));
  }

  private List<PortMapping> ports(YamlMap merged, String path) {
    List<PortMapping> out = new ArrayList<>();
    if (merged.get("ports").orElse(null) instanceof YamlList list) {
      int i = 0;
      for (YamlNode item : list.items()) {
        if (item instanceof YamlScalar s) {
          fields
              .parseAt(s, Fields.join(path, "ports[" + i + "]"), "service.port", PortMapping::parse)
              .ifPresent(out::add);
        }
        i++;
      }
    }
    return out;
  }

  /**
   * @param runtime under systemd a literal value is written into the unit file as {@code
   *     Environment="KEY=value"}, one line; a container's goes through the engine's API as it is
   */
  private Map<String, EnvValue> env(YamlMap merged, String path, Runtime runtime) {
    Map<String, EnvValue> out = new LinkedHashMap<>();
    if (!(merged.get("env").orElse(null) instanceof YamlMap env)) {
      return out;
    }
    for (YamlMap.Entry e : env.entries().values()) {
      String varPath = Fields.join(path, "env." + e.key());
      if (!Names.envVarName(e.key()).isOk()) {
        fields.error(
            "service.env-name",
            e.keyLocation(),
            varPath,
            "'" + e.key() + "' is not a valid environment variable name",
            "use letters, digits and '_', not starting with a digit");
        continue;
      }
      switch (e.value()) {
        case YamlMap ref when ref.string("secret").isPresent() ->
            out.put(e.key(), new EnvValue.Secret(new SecretRef(ref.string("secret").get())));
        case YamlScalar s -> {
          if (SECRET_NAME.matcher(e.key().toUpperCase(Locale.ROOT)).matches()
              && !s.text().isEmpty()) {
            fields.error(
                "secret.inline",
                s.location(),
                varPath,
                "'" + e.key() + "' looks like a secret but is written inline",
                "use a reference such as {secret: "
                    + e.key().toLowerCase(Locale.ROOT).replace('_', '-')
                    + "} and bind it under secrets:");
          } else if (runtime != Runtime.SYSTEMD
              || fields
                  .parseAt(
                      s,
                      varPath,
                      "service.env-value",
                      t ->
                          OneLine.parse(
                              "the value of " + e.key() + " in a systemd unit",
                              t,
                              "put multi-line data in a file the service reads"))
                  .isPresent()) {
            out.put(e.key(), EnvValue.literal(s.text()));
          }
        }
        default -> {}
      }
    }
    return out;
  }

  private List<String> volumes(YamlMap merged, String path) {
    List<String> out = new ArrayList<>();
    if (merged.get("volumes").orElse(null) instanceof YamlList list) {
      int i = 0;
      for (YamlNode item : list.items()) {
        if (item instanceof YamlScalar s) {
          String[] parts = s.text().split(":", -1);
          boolean ok =
              (parts.length == 2 || parts.length == 3)
                  && !parts[0].isEmpty()
                  && parts[1].startsWith("/")
                  && (parts.length == 2 || parts[2].equals("ro") || parts[2].equals("rw"));
          if (!ok) {
            fields.error(
                "service.volume",
                s.location(),
                Fields.join(path, "volumes[" + i + "]"),
                "'" + s.text() + "' is not a volume mapping",
                "write SOURCE:/container/path[:ro], SOURCE an absolute path or a volume name");
          } else {
            out.add(s.text());
          }
        }
        i++;
      }
    }
    return out;
  }

  private Optional<SystemdUnit> systemd(YamlMap merged, String path) {
    if (!(merged.get("systemd").orElse(null) instanceof YamlMap u)) {
      return Optional.empty();
    }
    Optional<String> unit =
        fields.parse(
            u, "unit", Fields.join(path, "systemd.unit"), "service.unit", Names::systemdUnitName);
    Optional<String> exec =
        fields.parse(
            u,
            "exec",
            Fields.join(path, "systemd.exec"),
            "service.exec",
            t ->
                OneLine.parse(
                    "systemd.exec", t, "put a longer command line in a script and run that"));
    Optional<String> user =
        fields.parse(
            u,
            "user",
            Fields.join(path, "systemd.user"),
            "service.user",
            t -> Names.accountName("user", t));
    if (unit.isEmpty()
        || exec.isEmpty()
        || (fields.text(u, "user").isPresent() && user.isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(new SystemdUnit(unit.get(), exec.get(), user.orElse("root")));
  }

  private Optional<HealthCheck> health(YamlMap merged, String path) {
    if (!(merged.get("health").orElse(null) instanceof YamlMap h)) {
      return Optional.empty();
    }
    String hp = Fields.join(path, "health");
    Duration interval =
        fields
            .parse(h, "interval", hp + ".interval", "value.duration", DurationText::parse)
            .orElse(Duration.ofSeconds(30));
    Duration timeout =
        fields
            .parse(h, "timeout", hp + ".timeout", "value.duration", DurationText::parse)
            .orElse(Duration.ofSeconds(5));
    // The schema holds retries to a whole number from 0 to 100.
    int retries =
        fields
            .number(h, "retries", hp + ".retries")
            .map(Double::intValue)
            .orElse(HealthCheck.DEFAULT_RETRIES);
    Duration startPeriod =
        fields
            .parse(h, "startPeriod", hp + ".startPeriod", "value.duration", DurationText::parse)
            .orElse(Duration.ZERO);
    if (fields.text(h, "http").isPresent()) {
      String url = fields.text(h, "http").get();
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        fields.error(
            "service.health",
            h.get("http").get().location(),
            hp + ".http",
            "'" + url + "' is not an http(s) URL");
        return Optional.empty();
      }
      return Optional.of(new HealthCheck.Http(url, interval, timeout, retries, startPeriod));
    }
    if (fields.text(h, "tcp").isPresent()) {
      return Optional.of(
          new HealthCheck.Tcp(
              fields.text(h, "tcp").get(), interval, timeout, retries, startPeriod));
    }
    return fields
        .text(h, "command")
        .map(c -> new HealthCheck.Command(c, interval, timeout, retries, startPeriod));
  }
}
