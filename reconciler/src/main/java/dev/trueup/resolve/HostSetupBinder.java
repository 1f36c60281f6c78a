package dev.trueup.resolve;

import dev.trueup.load.YamlList;
import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import dev.trueup.load.YamlScalar;
import dev.trueup.model.CrontabSpec;
import dev.trueup.model.FirewallSpec;
import dev.trueup.model.GroupAccount;
import dev.trueup.model.HostSetup;
import dev.trueup.model.PackageSpec;
import dev.trueup.model.SysctlSetting;
import dev.trueup.model.UserAccount;
import dev.trueup.model.UserAccount.AuthorizedKeys;
import dev.trueup.model.cron.CronDialect;
import dev.trueup.model.cron.CronExpression;
import dev.trueup.model.value.NodePath;
import dev.trueup.model.value.OneLine;
import dev.trueup.model.value.Parsed;
import dev.trueup.model.value.PublicKeyLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Binds a node's merged {@code packages:}, {@code sysctl:}, {@code users:} and {@code groups:} (the
 * schema has checked their shape) and what only the whole node can tell: two accounts with one uid,
 * a user in a group nobody creates is fine (it may exist), a user and the key lines.
 */
final class HostSetupBinder {
  private final Fields fields;

  HostSetupBinder(Fields fields) {
    this.fields = fields;
  }

  HostSetup bind(YamlMap merged, Map<String, PackageSpec> servicePackages) {
    SortedMap<String, PackageSpec> packages = packages(LayerMerge.child(merged, "packages"));
    // A package a service needs is installed unless the node says otherwise about it.
    servicePackages.forEach(packages::putIfAbsent);
    return new HostSetup(
        packages,
        sysctl(LayerMerge.child(merged, "sysctl")),
        users(LayerMerge.child(merged, "users")),
        groups(LayerMerge.child(merged, "localGroups")),
        firewall(merged),
        crontabs(LayerMerge.child(merged, "crontab")));
  }

  /** User -> entry name -> {at, command}; the schema has checked the shape and the names. */
  private SortedMap<String, CrontabSpec> crontabs(YamlMap all) {
    SortedMap<String, CrontabSpec> out = new TreeMap<>();
    for (YamlMap.Entry u : all.entries().values()) {
      YamlMap table = u.value() instanceof YamlMap m ? m : new YamlMap(u.keyLocation(), Map.of());
      SortedMap<String, CrontabSpec.Entry> entries = new TreeMap<>();
      for (YamlMap.Entry e : table.entries().values()) {
        if (!(e.value() instanceof YamlMap entry)) {
          continue;
        }
        String path = "crontab." + u.key() + "." + e.key();
        Optional<CronExpression> at =
            fields.parse(
                entry,
                "at",
                path + ".at",
                "crontab.at",
                t -> CronExpression.parse(t, CronDialect.CRON));
        Optional<String> command =
            fields.parse(
                entry,
                "command",
                path + ".command",
                "crontab.command",
                t ->
                    OneLine.parse(
                        "a crontab entry's command",
                        t,
                        "put a longer script in a file and run that"));
        if (at.isPresent() && command.isPresent()) {
          entries.put(
              e.key(),
              new CrontabSpec.Entry(e.key(), at.get().text(), command.get(), e.keyLocation()));
        }
      }
      out.put(u.key(), new CrontabSpec(u.key(), entries, Fields.origins(u.keyLocation(), table)));
    }
    return out;
  }

  /** The schema has checked ports, protocols, addresses and interface names. */
  private Optional<FirewallSpec> firewall(YamlMap merged) {
    if (!(merged.get("firewall").orElse(null) instanceof YamlMap f)) {
      return Optional.empty();
    }
    List<FirewallSpec.Rule> allow = new ArrayList<>();
    if (f.get("allow").orElse(null) instanceof YamlList list) {
      for (YamlNode item : list.items()) {
        if (item instanceof YamlMap r) {
          allow.add(
              new FirewallSpec.Rule(
                  fields.text(r, "port", ""),
                  fields.text(r, "protocol", "tcp"),
                  fields.text(r, "from"),
                  fields.text(r, "interface"),
                  Fields.origins(r.location(), r)));
        }
      }
    }
    return Optional.of(
        new FirewallSpec(
            !"accept".equals(fields.text(f, "policy", "drop")),
            allow,
            fields.bool(f, "openServicePorts").orElse(false),
            fields
                .parse(
                    f,
                    "confirmWithin",
                    "firewall.confirmWithin",
                    "value.duration",
                    dev.trueup.model.value.DurationText::parse)
                .orElse(FirewallSpec.DEFAULT_CONFIRM),
            Fields.origins(merged.get("firewall").get().location(), f)));
  }

  private SortedMap<String, PackageSpec> packages(YamlMap all) {
    SortedMap<String, PackageSpec> out = new TreeMap<>();
    for (YamlMap.Entry e : all.entries().values()) {
      YamlMap p = e.value() instanceof YamlMap m ? m : new YamlMap(e.keyLocation(), Map.of());
      boolean present = !"absent".equals(fields.text(p, "state", "present"));
      if (!present && p.get("version").isPresent()) {
        fields.error(
            "package.absent-version",
            p.get("version").get().location(),
            "packages." + e.key() + ".version",
            "package '" + e.key() + "' is to be absent: a version means nothing for it",
            "drop the version, or the state: absent");
        continue;
      }
      out.put(
          e.key(),
          new PackageSpec(
              e.key(), present, fields.text(p, "version"), Fields.origins(e.keyLocation(), p)));
    }
    return out;
  }

  private SortedMap<String, SysctlSetting> sysctl(YamlMap all) {
    SortedMap<String, SysctlSetting> out = new TreeMap<>();
    for (YamlMap.Entry e : all.entries().values()) {
      if (e.value() instanceof YamlScalar s) {
        // The kernel prints booleans as 0/1; a YAML true means 1.
        String value =
            switch (s.text()) {
              case "true" -> "1";
              case "false" -> "0";
              default -> s.text().strip().replaceAll("\\s+", " ");
            };
        out.put(
            e.key(),
            new SysctlSetting(
                e.key(),
                value,
                Fields.origins(e.keyLocation(), new YamlMap(e.keyLocation(), Map.of()))));
      }
    }
    return out;
  }

  private SortedMap<String, GroupAccount> groups(YamlMap all) {
    SortedMap<String, GroupAccount> out = new TreeMap<>();
    Map<Integer, String> gids = new HashMap<>();
    for (YamlMap.Entry e : all.entries().values()) {
      YamlMap g = e.value() instanceof YamlMap m ? m : new YamlMap(e.keyLocation(), Map.of());
      Optional<Integer> gid = id(g, "gid", "localGroups." + e.key());
      gid.ifPresent(x -> clash(gids, x, e.key(), g, "gid", "localGroups." + e.key(), "group"));
      out.put(
          e.key(),
          new GroupAccount(
              e.key(),
              gid,
              fields.bool(g, "system").orElse(false),
              !"absent".equals(fields.text(g, "state", "present")),
              Fields.origins(e.keyLocation(), g)));
    }
    return out;
  }

  private SortedMap<String, UserAccount> users(YamlMap all) {
    SortedMap<String, UserAccount> out = new TreeMap<>();
    Map<Integer, String> uids = new HashMap<>();
    for (YamlMap.Entry e : all.entries().values()) {
      String path = "users." + e.key();
      YamlMap u = e.value() instanceof YamlMap m ? m : new YamlMap(e.keyLocation(), Map.of());
      Optional<Integer> uid = id(u, "uid", path);
      uid.ifPresent(x -> clash(uids, x, e.key(), u, "uid", path, "user"));
      boolean ok = absolute(u, "shell", path) & absolute(u, "home", path);
      Optional<AuthorizedKeys> keys = keys(u, path);
      if (!ok) {
        continue;
      }
      out.put(
          e.key(),
          new UserAccount(
              e.key(),
              uid,
              fields.text(u, "group"),
              fields.bool(u, "system").orElse(false),
              fields.text(u, "shell"),
              fields.text(u, "home"),
              fields.strings(u, "groups"),
              !"absent".equals(fields.text(u, "state", "present")),
              fields.bool(u, "removeHome").orElse(false),
              keys,
              Fields.origins(e.keyLocation(), u)));
    }
    return out;
  }

  private Optional<Integer> id(YamlMap map, String key, String path) {
    return fields.number(map, key, path + "." + key).map(Double::intValue);
  }

  private void clash(
      Map<Integer, String> seen,
      int id,
      String name,
      YamlMap map,
      String key,
      String path,
      String what) {
    String earlier = seen.putIfAbsent(id, name);
    if (earlier != null) {
      fields.error(
          "account.id-clash",
          map.get(key).get().location(),
          path + "." + key,
          key
              + " "
              + id
              + " of "
              + what
              + " '"
              + name
              + "' is already taken by "
              + what
              + " '"
              + earlier
              + "'",
          "give each " + what + " its own " + key + ", or leave it out to let the node choose");
    }
  }

  private boolean absolute(YamlMap map, String key, String path) {
    Optional<String> text = fields.text(map, key);
    if (text.isPresent() && NodePath.parse(text.get()) instanceof Parsed.Invalid<NodePath> bad) {
      fields.error(
          "path.node", map.get(key).get().location(), path + "." + key, bad.message(), bad.hint());
      return false;
    }
    return true;
  }

  /** A list of key lines, or {@code {keys: [...], exclusive: bool}}; every line is checked. */
  private Optional<AuthorizedKeys> keys(YamlMap user, String path) {
    Optional<YamlNode> node = user.get("authorizedKeys");
    if (node.isEmpty()) {
      return Optional.empty();
    }
    YamlNode list = node.get();
    boolean exclusive = false;
    String listPath = path + ".authorizedKeys";
    if (list instanceof YamlMap m) {
      exclusive = fields.bool(m, "exclusive").orElse(false);
      list = m.get("keys").orElse(new YamlList(m.location(), List.of()));
      listPath += ".keys";
    }
    List<String> keys = new ArrayList<>();
    if (list instanceof YamlList l) {
      int i = 0;
      for (YamlNode item : l.items()) {
        String at = listPath + "[" + i++ + "]";
        if (item instanceof YamlScalar s) {
          fields.parseAt(s, at, "value.ssh-key", PublicKeyLine::parse).ifPresent(keys::add);
        }
      }
    }
    return Optional.of(new AuthorizedKeys(keys, exclusive));
  }
}
