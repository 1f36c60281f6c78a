package dev.trueup.review;

import dev.trueup.model.AlertRule;
import dev.trueup.model.ClusterAccess;
import dev.trueup.model.Connection;
import dev.trueup.model.DesiredState;
import dev.trueup.model.EnvValue;
import dev.trueup.model.FileContent;
import dev.trueup.model.ManagedDirectory;
import dev.trueup.model.ManagedFile;
import dev.trueup.model.Node;
import dev.trueup.model.Schedule;
import dev.trueup.model.SecretBinding;
import dev.trueup.model.SecretRef;
import dev.trueup.model.Service;
import dev.trueup.render.RepoFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a change does to the resolved desired state, node by node: nodes added and removed, and per
 * node its services, schedules, alert thresholds, files, directories and secret references added,
 * removed or changed. Values are display values: environment variables that point at a secret show
 * the reference, secret bindings show their name only, file content is never shown. Pure.
 */
public record DesiredChange(List<NodeChange> nodes, BlastRadius blastRadius) {

  public DesiredChange {
    nodes = List.copyOf(nodes);
  }

  /** How one node's desired state moves. */
  public record NodeChange(String node, String environment, String status, List<Item> items) {
    public NodeChange {
      items = List.copyOf(items);
    }
  }

  /**
   * One resource of a node: {@code kind} service, schedule, alert, file, directory, secret, node.
   */
  public record Item(String kind, String id, String status, List<Field> fields) {
    public Item {
      fields = List.copyOf(fields);
    }
  }

  /** A field's display value in the base and the head revision; null when absent there. */
  public record Field(String field, String base, String head) {}

  /** Who a change can reach: the affected nodes and their environments (head, else base). */
  public record BlastRadius(List<String> nodes, List<String> environments) {
    public BlastRadius {
      nodes = List.copyOf(nodes);
      environments = List.copyOf(environments);
    }
  }

  public boolean isEmpty() {
    return nodes.isEmpty();
  }

  /** Nodes present in the head revision whose desired state moved (the ones worth planning). */
  public List<String> plannable() {
    return nodes.stream().filter(n -> !n.status().equals("removed")).map(NodeChange::node).toList();
  }

  public static DesiredChange between(Optional<DesiredState> base, Optional<DesiredState> head) {
    return between(base, NO_FILES, head, NO_FILES);
  }

  private static final RepoFiles NO_FILES = path -> Optional.empty();

  /**
   * As {@link #between(Optional, Optional)}, also noticing when the text of a file's template or
   * source changed in the repository (each revision's files read from its own checkout).
   */
  public static DesiredChange between(
      Optional<DesiredState> base,
      RepoFiles baseFiles,
      Optional<DesiredState> head,
      RepoFiles headFiles) {
    SortedMap<String, Node> before = base.map(DesiredState::nodes).orElse(new TreeMap<>());
    SortedMap<String, Node> after = head.map(DesiredState::nodes).orElse(new TreeMap<>());
    TreeSet<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    List<NodeChange> out = new ArrayList<>();
    TreeSet<String> environments = new TreeSet<>();
    for (String name : names) {
      Node b = before.get(name);
      Node h = after.get(name);
      String status = b == null ? "added" : h == null ? "removed" : "changed";
      List<Item> items = diff(describe(b, baseFiles), describe(h, headFiles));
      if (items.isEmpty()) {
        continue;
      }
      String environment = (h != null ? h : b).environment();
      environments.add(environment);
      out.add(new NodeChange(name, environment, status, items));
    }
    List<String> affected = out.stream().map(NodeChange::node).toList();
    return new DesiredChange(
        out, new BlastRadius(affected, List.copyOf(order(environments, head.or(() -> base)))));
  }

  /** Environments in promotion order where the fleet knows them, else by name. */
  private static List<String> order(TreeSet<String> environments, Optional<DesiredState> state) {
    List<String> out = new ArrayList<>();
    state.ifPresent(
        s -> s.environments().stream().filter(environments::contains).forEach(out::add));
    environments.stream().filter(e -> !out.contains(e)).forEach(out::add);
    return out;
  }

  private static List<Item> diff(
      SortedMap<String, SortedMap<String, String>> base,
      SortedMap<String, SortedMap<String, String>> head) {
    TreeSet<String> keys = new TreeSet<>(base.keySet());
    keys.addAll(head.keySet());
    List<Item> out = new ArrayList<>();
    for (String key : keys) {
      SortedMap<String, String> b = base.get(key);
      SortedMap<String, String> h = head.get(key);
      if (Objects.equals(b, h)) {
        continue;
      }
      TreeSet<String> fields = new TreeSet<>();
      if (b != null) {
        fields.addAll(b.keySet());
      }
      if (h != null) {
        fields.addAll(h.keySet());
      }
      List<Field> changed = new ArrayList<>();
      for (String f : fields) {
        String bv = b == null ? null : b.get(f);
        String hv = h == null ? null : h.get(f);
        if (!Objects.equals(bv, hv)) {
          changed.add(new Field(f, bv, hv));
        }
      }
      int slash = key.indexOf(' ');
      out.add(
          new Item(
              key.substring(0, slash),
              key.substring(slash + 1),
              b == null ? "added" : h == null ? "removed" : "changed",
              changed));
    }
    out.sort(
        java.util.Comparator.comparingInt((Item i) -> KINDS.indexOf(i.kind()))
            .thenComparing(Item::id));
    return out;
  }

  private static final List<String> KINDS =
      List.of("node", "service", "schedule", "alert", "file", "directory", "secret");

  /** A node as display fields keyed by "kind id"; empty for an absent node. */
  static SortedMap<String, SortedMap<String, String>> describe(Node n, RepoFiles files) {
    SortedMap<String, SortedMap<String, String>> out = new TreeMap<>();
    if (n == null) {
      return out;
    }
    SortedMap<String, String> self = new TreeMap<>();
    self.put("environment", n.environment());
    self.put("groups", String.join(", ", n.groups()));
    self.put("connection", connection(n.connection()));
    out.put("node " + n.name(), self);
    n.services().forEach((k, s) -> out.put("service " + k, service(s)));
    n.schedules().forEach((k, s) -> out.put("schedule " + k, schedule(s)));
    n.alerts().forEach((k, a) -> out.put("alert " + k, alert(a)));
    n.files().forEach((k, f) -> out.put("file " + k, file(f, files)));
    n.directories().forEach((k, d) -> out.put("directory " + k, directory(d)));
    n.secrets().forEach((k, s) -> out.put("secret " + k, secret(s)));
    return out;
  }

  private static String connection(Connection c) {
    return switch (c) {
      case Connection.Ssh s -> "ssh " + s.user() + "@" + s.host() + ":" + s.port();
      case Connection.Local l -> "local";
      case Connection.Kubernetes k ->
          "kubernetes "
              + (k.access() instanceof ClusterAccess.Kubeconfig kc ? kc.context() : "in-cluster")
              + "/"
              + k.namespace();
    };
  }

  private static SortedMap<String, String> service(Service s) {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("runtime", String.valueOf(s.runtime()).toLowerCase(java.util.Locale.ROOT));
    s.image().ifPresent(i -> m.put("image", i.toString()));
    if (!s.command().isEmpty()) {
      m.put("command", String.join(" ", s.command()));
    }
    if (!s.ports().isEmpty()) {
      m.put("ports", String.join(", ", s.ports().stream().map(Object::toString).toList()));
    }
    if (!s.volumes().isEmpty()) {
      m.put("volumes", String.join(", ", s.volumes()));
    }
    m.put("restart", s.restart());
    new TreeMap<>(s.env()).forEach((k, v) -> m.put("env." + k, display(v)));
    s.systemd().ifPresent(u -> m.put("systemd", u.unit()));
    s.health().ifPresent(h -> m.put("health", "declared"));
    return m;
  }

  /** The literal, or the reference; a secret's value is never known here. */
  private static String display(EnvValue v) {
    return switch (v) {
      case EnvValue.Secret s -> s.ref().toString();
      case EnvValue.Literal l -> l.text();
    };
  }

  private static SortedMap<String, String> schedule(Schedule s) {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("cron", s.cron().text());
    m.put("timezone", s.timezone().getId());
    m.put("command", s.command());
    m.put("user", s.user());
    return m;
  }

  private static SortedMap<String, String> alert(AlertRule a) {
    SortedMap<String, String> m = new TreeMap<>();
    a.levels()
        .forEach(
            (level, value) ->
                m.put(level.toString().toLowerCase(java.util.Locale.ROOT), number(value)));
    m.put("direction", a.direction().toString().toLowerCase(java.util.Locale.ROOT));
    a.forDuration().ifPresent(d -> m.put("for", d.toString()));
    a.expr().ifPresent(e -> m.put("expr", e));
    return m;
  }

  private static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static SortedMap<String, String> file(ManagedFile f, RepoFiles files) {
    SortedMap<String, String> m = new TreeMap<>();
    // Content is never shown (it may be long, or sensitive); its digest tells an edit apart.
    switch (f.content()) {
      case FileContent.Template t -> {
        m.put("template", t.template());
        String name =
            t.template().startsWith("templates/") ? t.template() : "templates/" + t.template();
        files.read(name).ifPresent(b -> m.put("template text", digest(b)));
        new TreeMap<>(t.vars()).forEach((k, v) -> m.put("vars." + k, var(v)));
      }
      case FileContent.Source s -> {
        m.put("source", s.source());
        files.read(s.source()).ifPresent(b -> m.put("source text", digest(b)));
      }
      case FileContent.Secret secret ->
          m.put("content", "the value of secret " + secret.ref().name());
      case FileContent.Inline i ->
          m.put(
              "content",
              "inline, "
                  + i.text().length()
                  + " characters, "
                  + digest(i.text().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                  + " (not shown)");
    }
    f.mode().ifPresent(x -> m.put("mode", x.toString()));
    f.owner().ifPresent(x -> m.put("owner", x));
    f.group().ifPresent(x -> m.put("group", x));
    return m;
  }

  private static String digest(byte[] bytes) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
      return "sha256:" + java.util.HexFormat.of().formatHex(d).substring(0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Template variables: secret references by name; nested values by their text. */
  private static String var(Object v) {
    if (v instanceof SecretRef ref) {
      return ref.toString();
    }
    if (v instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("secret")) {
      return new SecretRef(String.valueOf(map.get("secret"))).toString();
    }
    return String.valueOf(v);
  }

  private static SortedMap<String, String> directory(ManagedDirectory d) {
    SortedMap<String, String> m = new TreeMap<>();
    d.mode().ifPresent(x -> m.put("mode", x.toString()));
    d.owner().ifPresent(x -> m.put("owner", x));
    d.group().ifPresent(x -> m.put("group", x));
    return m;
  }

  /** A secret reference by name and where it resolves, never a value. */
  private static SortedMap<String, String> secret(SecretBinding s) {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("reference", "{secret: " + s.ref() + "}");
    m.put("provider", s.provider());
    m.put("scope", s.scope());
    return m;
  }
}
