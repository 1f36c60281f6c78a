package dev.trueup.driver.host.model;

import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.diff.FieldChange;
import dev.trueup.diff.Note;
import dev.trueup.diff.UnifiedDiff;
import dev.trueup.driver.host.model.HostSetupResource.DesiredAuthorizedKeys;
import dev.trueup.driver.host.model.HostSetupResource.DesiredCrontab;
import dev.trueup.driver.host.model.HostSetupResource.DesiredFirewall;
import dev.trueup.driver.host.model.HostSetupResource.DesiredGroup;
import dev.trueup.driver.host.model.HostSetupResource.DesiredPackage;
import dev.trueup.driver.host.model.HostSetupResource.DesiredSysctl;
import dev.trueup.driver.host.model.HostSetupResource.DesiredUser;
import dev.trueup.observe.LiveNode;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Packages, groups, users, their keys and kernel parameters against what the probe said of them.
 * Only what desired state names is compared, and of an account only the attributes it sets: a
 * user's other groups or shell are not trueup's unless declared.
 */
final class HostSetupChanges {
  private HostSetupChanges() {}

  static void diff(DesiredNode desired, LiveNode live, List<Change> changes, List<Note> notes) {
    HostFacts facts = live.part(HostFacts.class).orElse(new HostFacts(new java.util.TreeMap<>()));
    for (DesiredResource r : desired.resources()) {
      if (!(r instanceof HostSetupResource h)) {
        continue;
      }
      // Its first fact is its own (a user's keys are among the user's facts).
      List<String> lines = facts.lines().getOrDefault(h.observedFacts().get(0), List.of());
      if (lines.contains("sandbox")) {
        notes.add(
            new Note(
                Note.Kind.UNCONVERGEABLE,
                h.id(),
                "a confined local node is a directory, not a system: no "
                    + h.kind().label()
                    + " can be managed there"));
        continue;
      }
      Optional<Change> change =
          switch (h) {
            case DesiredPackage p -> pack(desired.node(), p, lines, notes);
            case DesiredGroup g -> group(desired.node(), g, lines);
            case DesiredUser u -> user(desired.node(), u, lines, facts, notes);
            case DesiredAuthorizedKeys k -> keys(desired.node(), k, lines);
            case DesiredCrontab c -> crontab(desired.node(), c, lines, notes);
            case DesiredSysctl s -> sysctl(desired.node(), s, lines, notes);
            case DesiredFirewall f -> firewall(desired.node(), f, lines, notes);
          };
      change.ifPresent(changes::add);
    }
  }

  private static Optional<Change> pack(
      String node, DesiredPackage p, List<String> lines, List<Note> notes) {
    String said = lines.isEmpty() ? "" : lines.get(0);
    if (said.equals("none") || said.isEmpty()) {
      notes.add(
          new Note(
              Note.Kind.UNCONVERGEABLE,
              p.id(),
              "no package manager trueup knows on the node (apt, dnf or apk)"));
      return Optional.empty();
    }
    String[] w = said.split(" ", 3);
    boolean installed = w.length >= 2 && w[1].equals("installed");
    String version = w.length == 3 ? w[2] : "";
    String want = p.version().orElse("any version");
    if (!p.present()) {
      return installed
          ? Optional.of(
              change(node, p, Action.DELETE, List.of(FieldChange.of("version", null, version))))
          : Optional.empty();
    }
    if (!installed) {
      return Optional.of(
          change(node, p, Action.CREATE, List.of(FieldChange.of("version", want, null))));
    }
    if (p.version().isPresent() && !glob(p.version().get()).matcher(version).matches()) {
      return Optional.of(
          change(node, p, Action.UPDATE, List.of(FieldChange.of("version", want, version))));
    }
    return Optional.empty();
  }

  /** A version glob: {@code *} any run of characters, {@code ?} one; the rest literal. */
  static Pattern glob(String glob) {
    StringBuilder re = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }

  private static Optional<Change> group(String node, DesiredGroup g, List<String> lines) {
    Optional<String[]> live = HostFacts.decoded(lines, "group").map(l -> l.split(":", -1));
    if (!g.present()) {
      return live.map(
          l -> change(node, g, Action.DELETE, List.of(FieldChange.of("gid", null, at(l, 2)))));
    }
    if (live.isEmpty()) {
      List<FieldChange> fields = new ArrayList<>();
      g.gid().ifPresent(x -> fields.add(FieldChange.of("gid", String.valueOf(x), null)));
      if (g.system()) {
        fields.add(FieldChange.of("system", "true", null));
      }
      return Optional.of(change(node, g, Action.CREATE, fields));
    }
    String gid = at(live.get(), 2);
    return g.gid()
        .map(String::valueOf)
        .filter(x -> !x.equals(gid))
        .map(x -> change(node, g, Action.UPDATE, List.of(FieldChange.of("gid", x, gid))));
  }

  private static Optional<Change> user(
      String node, DesiredUser u, List<String> lines, HostFacts facts, List<Note> notes) {
    Optional<String[]> passwd = HostFacts.decoded(lines, "passwd").map(l -> l.split(":", -1));
    if (!u.present()) {
      return passwd.map(
          l ->
              change(
                  node,
                  u,
                  Action.DELETE,
                  List.of(
                      FieldChange.of("uid", null, at(l, 2)),
                      FieldChange.of("home", u.removeHome() ? "(deleted)" : "(kept)", at(l, 5)))));
    }
    // A uid that another account already has cannot be given to this one.
    if (u.uid().isPresent()) {
      Optional<String> holder =
          facts
              .of("uid", String.valueOf(u.uid().get()))
              .flatMap(l -> HostFacts.field(l, "name"))
              .filter(n -> !n.equals(u.name()));
      if (holder.isPresent()) {
        notes.add(
            new Note(
                Note.Kind.UNCONVERGEABLE,
                u.id(),
                "uid " + u.uid().get() + " already belongs to user '" + holder.get() + "'"));
        return Optional.empty();
      }
    }
    List<FieldChange> fields = new ArrayList<>();
    if (passwd.isEmpty()) {
      u.uid().ifPresent(x -> fields.add(FieldChange.of("uid", String.valueOf(x), null)));
      u.group().ifPresent(x -> fields.add(FieldChange.of("group", x, null)));
      u.shell().ifPresent(x -> fields.add(FieldChange.of("shell", x, null)));
      u.home().ifPresent(x -> fields.add(FieldChange.of("home", x, null)));
      if (!u.groups().isEmpty()) {
        fields.add(FieldChange.of("groups", String.join(",", u.groups()), null));
      }
      if (u.system()) {
        fields.add(FieldChange.of("system", "true", null));
      }
      return Optional.of(change(node, u, Action.CREATE, fields));
    }
    String[] l = passwd.get();
    u.uid()
        .map(String::valueOf)
        .filter(x -> !x.equals(at(l, 2)))
        .ifPresent(x -> fields.add(FieldChange.of("uid", x, at(l, 2))));
    String primary = HostFacts.field(lines, "primary").orElse("");
    u.group()
        .filter(x -> !x.equals(primary))
        .ifPresent(x -> fields.add(FieldChange.of("group", x, primary)));
    u.shell()
        .filter(x -> !x.equals(at(l, 6)))
        .ifPresent(x -> fields.add(FieldChange.of("shell", x, at(l, 6))));
    u.home()
        .filter(x -> !x.equals(at(l, 5)))
        .ifPresent(x -> fields.add(FieldChange.of("home", x, at(l, 5))));
    TreeSet<String> want = new TreeSet<>(u.groups());
    TreeSet<String> have =
        new TreeSet<>(
            Arrays.asList(HostFacts.field(lines, "groups").orElse("").trim().split("\\s+")));
    have.remove(primary);
    have.remove("");
    // No groups declared: the account's groups are not trueup's.
    if (!want.isEmpty() && !want.equals(have)) {
      fields.add(FieldChange.of("groups", String.join(",", want), String.join(",", have)));
    }
    return fields.isEmpty()
        ? Optional.empty()
        : Optional.of(change(node, u, Action.UPDATE, fields));
  }

  private static Optional<Change> keys(String node, DesiredAuthorizedKeys k, List<String> lines) {
    Optional<String> content = HostFacts.decoded(lines, "keys");
    String want = k.text();
    String have = content.map(c -> k.exclusive() ? c : block(c)).orElse("");
    if (have.equals(want)) {
      return Optional.empty();
    }
    Action action = content.isEmpty() ? Action.CREATE : Action.UPDATE;
    List<String> diff = UnifiedDiff.lines(have, want).orElse(List.of());
    return Optional.of(
        new Change(
            node,
            k.kind(),
            k.id(),
            action,
            List.of(
                FieldChange.of(
                    "keys",
                    k.keys().size() + (k.exclusive() ? " (exclusive)" : " (trueup's block)"),
                    content.isEmpty() ? null : count(have) + "")),
            diff,
            diff.isEmpty() ? Optional.of("keys differ") : Optional.empty(),
            Optional.of(k.origin())));
  }

  /** trueup's marked block of an authorized_keys file, markers included; "" when there is none. */
  static String block(String content) {
    return block(content, DesiredAuthorizedKeys.BEGIN, DesiredAuthorizedKeys.END);
  }

  /** The block between two marker lines, markers included; "" when there is none. */
  static String block(String content, String beginMarker, String endMarker) {
    // A table read through $(crontab -l) has lost its final newline.
    String text = content.isEmpty() || content.endsWith("\n") ? content : content + "\n";
    String open = beginMarker + "\n";
    int begin = text.startsWith(open) ? 0 : text.indexOf("\n" + open) + 1;
    if (begin == 0 && !text.startsWith(open)) {
      return "";
    }
    int end = text.indexOf("\n" + endMarker + "\n", begin);
    return end < 0 ? text.substring(begin) : text.substring(begin, end + endMarker.length() + 2);
  }

  private static Optional<Change> crontab(
      String node, DesiredCrontab c, List<String> lines, List<Note> notes) {
    if (lines.contains("crontab-missing")) {
      notes.add(
          new Note(
              Note.Kind.UNCONVERGEABLE,
              c.id(),
              "the node has no crontab command: install cron (a package: cron) to manage "
                  + c.user()
                  + "'s crontab"));
      return Optional.empty();
    }
    Optional<String> content = HostFacts.decoded(lines, "crontab");
    String want = c.text();
    String have = content.map(t -> block(t, DesiredCrontab.BEGIN, DesiredCrontab.END)).orElse("");
    if (have.equals(want)) {
      return Optional.empty();
    }
    Action action = have.isEmpty() ? Action.CREATE : want.isEmpty() ? Action.DELETE : Action.UPDATE;
    List<String> diff = UnifiedDiff.lines(have, want).orElse(List.of());
    return Optional.of(
        new Change(
            node,
            c.kind(),
            c.id(),
            action,
            List.of(
                FieldChange.of(
                    "entries",
                    want.isEmpty() ? null : c.lines().size() + " (trueup's block)",
                    have.isEmpty() ? null : entries(have) + "")),
            diff,
            diff.isEmpty() ? Optional.of("entries differ") : Optional.empty(),
            Optional.of(c.origin())));
  }

  private static long entries(String block) {
    return block.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
  }

  private static long count(String keys) {
    return keys.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
  }

  private static Optional<Change> sysctl(
      String node, DesiredSysctl s, List<String> lines, List<Note> notes) {
    Optional<String> value = HostFacts.decoded(lines, "value");
    if (value.isEmpty()) {
      notes.add(
          new Note(
              Note.Kind.UNCONVERGEABLE,
              s.id(),
              "kernel parameter does not exist on the node (no /proc/sys/"
                  + s.key().replace('.', '/')
                  + ")"));
      return Optional.empty();
    }
    String live = value.get().strip().replaceAll("\\s+", " ");
    return live.equals(s.value())
        ? Optional.empty()
        : Optional.of(
            change(node, s, Action.UPDATE, List.of(FieldChange.of("value", s.value(), live))));
  }

  /**
   * {@code table <comment digest> <listing digest> <listing digest trueup recorded>}: the rules of
   * another revision are a desired change; a listing that moved since trueup confirmed it (a rule
   * flushed or added by hand) is drift of the same resource.
   */
  private static Optional<Change> firewall(
      String node, DesiredFirewall f, List<String> lines, List<Note> notes) {
    if (lines.contains("nft-missing")) {
      notes.add(
          new Note(
              Note.Kind.UNCONVERGEABLE, f.id(), "nft (nftables) is not installed on the node"));
      return Optional.empty();
    }
    Optional<String> reverted = HostFacts.decoded(lines, "reverted");
    Optional<String> table = HostFacts.field(lines, "table");
    String want = "sha256:" + f.digest().substring(0, 12);
    if (table.isEmpty()) {
      return Optional.of(firewallChange(node, f, Action.CREATE, want, null, reverted));
    }
    String[] w = table.get().split(" ");
    String loaded =
        w.length > 0 && w[0].length() >= 12 ? "sha256:" + w[0].substring(0, 12) : "none";
    if (!w[0].equals(f.digest())) {
      return Optional.of(firewallChange(node, f, Action.UPDATE, want, loaded, reverted));
    }
    if (w.length == 3 && !w[1].equals(w[2])) {
      return Optional.of(
          firewallChange(node, f, Action.UPDATE, want, "changed on the node", reverted));
    }
    return Optional.empty();
  }

  private static Change firewallChange(
      String node,
      DesiredFirewall f,
      Action action,
      String want,
      String live,
      Optional<String> reverted) {
    return new Change(
        node,
        f.kind(),
        f.id(),
        action,
        List.of(FieldChange.of("rules", want, live)),
        List.of(),
        reverted.map(at -> "the node restored its previous rules by itself at " + at.strip()),
        Optional.of(f.origin()));
  }

  private static String at(String[] fields, int i) {
    return i < fields.length ? fields[i] : "";
  }

  private static Change change(
      String node, DesiredResource r, Action action, List<FieldChange> fields) {
    return new Change(
        node,
        r.kind(),
        r.id(),
        action,
        fields,
        List.of(),
        Optional.empty(),
        Optional.of(r.origin()));
  }
}
