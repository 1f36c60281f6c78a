package dev.trueup.driver.host.model;

import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.diff.FieldChange;
import dev.trueup.diff.KindDiffer;
import dev.trueup.diff.Note;
import dev.trueup.diff.UnifiedDiff;
import dev.trueup.live.LiveEntry;
import dev.trueup.live.LiveUnit;
import dev.trueup.model.value.FileMode;
import dev.trueup.observe.LiveNode;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.DesiredResource.DesiredDirectory;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.render.DesiredResource.DesiredUnit;
import dev.trueup.render.Marker;
import dev.trueup.render.ResourceKind;
import dev.trueup.render.SecretEnvFile;
import dev.trueup.render.SecretFile;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ssh and local drivers' kinds, diffed: directories, files, schedules, alert rules, unit files
 * and units against what the probe found, and the marked files in the managed directories that
 * desired state no longer names. Normalized so that a node just applied shows nothing: modes as
 * four octal digits, owner and group only where desired sets them, content by SHA-256.
 * Secret-bearing content is never shown, not even its hash.
 */
public final class HostChanges implements KindDiffer {
  static final String SECRET = "content changed (secret-bearing, not shown)";

  static final String SECRET_DIGESTS =
      "secret changed (keyed digest prefixes shown, never the value)";
  private static final Set<String> ENABLED =
      Set.of("enabled", "enabled-runtime", "static", "alias", "indirect", "generated");
  private static final Set<String> ACTIVE = Set.of("active", "activating", "reloading");

  @Override
  public void diff(DesiredNode desired, LiveNode live, List<Change> changes, List<Note> notes) {
    for (DesiredResource r : desired.resources()) {
      if (!(r instanceof DesiredDirectory
          || r instanceof DesiredFile
          || r instanceof DesiredUnit)) {
        continue;
      }
      if (!live.systemd() && needsSystemd(r)) {
        // Never silence: whatever trueup will not write is a note, which fails the plan.
        notes.add(
            new Note(
                Note.Kind.UNCONVERGEABLE,
                r.id(),
                r instanceof DesiredUnit
                    ? "systemd not available on node: unit and its files are not managed"
                    : "systemd not available on node: not written (a "
                        + r.kind().label()
                        + " for systemd)"));
        continue;
      }
      Optional<Change> change =
          switch (r) {
            case DesiredDirectory d -> directory(desired.node(), d, entry(live, d.path()));
            case DesiredFile f -> file(desired.node(), f, entry(live, f.path()), live, notes);
            case DesiredUnit u ->
                unit(desired.node(), u, Optional.ofNullable(live.units().get(u.name())));
            default -> Optional.<Change>empty();
          };
      change.ifPresent(changes::add);
    }
    impliedRestarts(desired, changes);
    HostSetupChanges.diff(desired, live, changes, notes);
    changes.addAll(deletions(desired, live));
    CronDuplicates.notes(desired, live, notes);
  }

  /**
   * A running unit whose input file's content changes is restarted (or reloaded) once, after the
   * file: the plan shows it as a change of the unit naming the files, so it is classified, approved
   * and applied with them, and gone once they are in place.
   */
  private static void impliedRestarts(DesiredNode desired, List<Change> changes) {
    Set<String> written = new HashSet<>();
    for (Change c : changes) {
      boolean content =
          c.action() != Action.UPDATE
              || c.contentNote().isPresent()
              || c.fields().stream().anyMatch(f -> f.field().equals("content"));
      if (c.kind() == ResourceKind.FILE && content) {
        written.add(c.id());
      }
    }
    for (DesiredResource r : desired.resources()) {
      if (!(r instanceof DesiredUnit u) || !u.active()) {
        continue;
      }
      List<String> restart = u.restartOn().stream().filter(written::contains).toList();
      List<String> reload = u.reloadOn().stream().filter(written::contains).toList();
      if (restart.isEmpty() && reload.isEmpty()) {
        continue;
      }
      FieldChange why =
          restart.isEmpty()
              ? FieldChange.of("reload", "after " + String.join(", ", reload), null)
              : FieldChange.of("restart", "after " + String.join(", ", restart), null);
      int at = -1;
      for (int i = 0; i < changes.size(); i++) {
        if (changes.get(i).kind() == ResourceKind.UNIT && changes.get(i).id().equals(u.name())) {
          at = i;
        }
      }
      if (at < 0) {
        changes.add(
            new Change(
                desired.node(),
                u.kind(),
                u.name(),
                Action.UPDATE,
                List.of(why),
                List.of(),
                Optional.empty(),
                Optional.of(u.origin())));
      } else if (changes.get(at).action() == Action.UPDATE) {
        Change c = changes.get(at);
        List<FieldChange> fields = new ArrayList<>(c.fields());
        fields.add(why);
        changes.set(
            at,
            new Change(
                c.node(),
                c.kind(),
                c.id(),
                c.action(),
                fields,
                c.contentDiff(),
                c.contentNote(),
                c.origin()));
      }
    }
  }

  @Override
  public java.util.SortedSet<String> alsoObserved(DesiredNode desired) {
    return CronDuplicates.paths(desired);
  }

  private static boolean needsSystemd(DesiredResource r) {
    return r instanceof DesiredUnit
        || r.kind() == ResourceKind.UNIT_FILE
        || r.id().startsWith(Marker.SYSTEMD_DIRECTORY + "/");
  }

  private static LiveEntry entry(LiveNode live, String path) {
    return live.paths().getOrDefault(path, new LiveEntry.Missing());
  }

  private static Optional<Change> directory(String node, DesiredDirectory d, LiveEntry live) {
    List<FieldChange> fields = new ArrayList<>();
    Action action;
    switch (live) {
      case LiveEntry.Missing m -> {
        action = Action.CREATE;
        d.mode().ifPresent(x -> fields.add(FieldChange.of("mode", x.octal(), null)));
        d.owner().ifPresent(x -> fields.add(FieldChange.of("owner", x, null)));
        d.group().ifPresent(x -> fields.add(FieldChange.of("group", x, null)));
      }
      case LiveEntry.Directory dir -> {
        action = Action.UPDATE;
        attributes(d.mode(), d.owner(), d.group(), dir.mode(), dir.owner(), dir.group(), fields);
      }
      default -> {
        action = Action.REPLACE;
        fields.add(FieldChange.of("type", "directory", typeOf(live)));
        d.mode().ifPresent(x -> fields.add(FieldChange.of("mode", x.octal(), null)));
      }
    }
    if (fields.isEmpty() && action == Action.UPDATE) {
      return Optional.empty();
    }
    return Optional.of(
        new Change(
            node,
            d.kind(),
            d.path(),
            action,
            fields,
            List.of(),
            Optional.empty(),
            Optional.of(d.origin())));
  }

  private static Optional<Change> file(
      String node, DesiredFile f, LiveEntry live, LiveNode observed, List<Note> notes) {
    List<FieldChange> fields = new ArrayList<>();
    Action action;
    Optional<byte[]> liveContent = Optional.of(new byte[0]);
    boolean contentDiffers = true;
    boolean secret = f.secretBearing();
    // A file holding a secret's value: the driver said whether it holds it (never how it differs).
    Optional<LiveSecretFiles.Verdict> holding =
        SecretFile.parse(f).isEmpty()
            ? Optional.empty()
            : Optional.of(
                observed
                    .part(LiveSecretFiles.class)
                    .flatMap(p -> p.verdict(f.path()))
                    .orElse(LiveSecretFiles.Verdict.Differs.unshown()));
    if (holding.orElse(null) instanceof LiveSecretFiles.Verdict.Unresolvable u) {
      notes.add(new Note(Note.Kind.UNCONVERGEABLE, f.path(), u.reason()));
      return Optional.empty();
    }
    Shown secretSides = digests(holding, f);
    switch (live) {
      case LiveEntry.Missing m -> {
        action = Action.CREATE;
        fields.add(FieldChange.of("content", secretSides.desired(), null));
        f.mode().ifPresent(x -> fields.add(FieldChange.of("mode", x.octal(), null)));
        f.owner().ifPresent(x -> fields.add(FieldChange.of("owner", x, null)));
        f.group().ifPresent(x -> fields.add(FieldChange.of("group", x, null)));
      }
      case LiveEntry.File lf -> {
        action = Action.UPDATE;
        liveContent = lf.content();
        // A secret environment file on the node holds values, not the references desired state
        // holds: it matches when its header names the desired references and its lines are
        // unedited (SecretEnvFile), which needs no secret.
        contentDiffers =
            holding.isPresent()
                ? !(holding.get() instanceof LiveSecretFiles.Verdict.Holds)
                : !lf.sha256().equalsIgnoreCase(f.sha256())
                    && !(f.secretBearing()
                        && lf.content().map(c -> SecretEnvFile.holds(f.sha256(), c)).orElse(false));
        // A file trueup wrote with secret values stays unshown whatever is now desired there.
        secret |= lf.content().map(SecretEnvFile::isValuesForm).orElse(false);
        // A secret-bearing file says only that its content changed, in the note below.
        if (contentDiffers && !secret) {
          fields.add(FieldChange.of("content", shown(f, f.sha256()), shown(f, lf.sha256())));
        } else if (contentDiffers && secretSides.shown()) {
          fields.add(FieldChange.of("content", secretSides.desired(), secretSides.live()));
        }
        attributes(f.mode(), f.owner(), f.group(), lf.mode(), lf.owner(), lf.group(), fields);
      }
      default -> {
        action = Action.REPLACE;
        fields.add(FieldChange.of("type", "file", typeOf(live)));
        fields.add(FieldChange.of("content", secretSides.desired(), null));
        f.mode().ifPresent(x -> fields.add(FieldChange.of("mode", x.octal(), null)));
      }
    }
    if (fields.isEmpty() && !contentDiffers) {
      return Optional.empty();
    }
    List<String> diff = List.of();
    Optional<String> note = Optional.empty();
    if (contentDiffers) {
      if (secret) {
        note = Optional.of(secretSides.shown() ? SECRET_DIGESTS : SECRET);
      } else if (liveContent.isEmpty()) {
        note = Optional.of("content differs (live file too large to show)");
      } else {
        Optional<String> from = utf8(liveContent.get());
        Optional<String> to = utf8(f.content());
        if (from.isEmpty() || to.isEmpty()) {
          note = Optional.of("binary content differs");
        } else {
          Optional<List<String>> lines = UnifiedDiff.lines(from.get(), to.get());
          if (lines.isEmpty()) {
            note = Optional.of("content differs (too large to diff)");
          } else if (lines.get().isEmpty()) {
            note = Optional.of("content differs only in the final newline");
          } else {
            diff = lines.get();
          }
        }
      }
    }
    return Optional.of(
        new Change(node, f.kind(), f.path(), action, fields, diff, note, Optional.of(f.origin())));
  }

  private static Optional<Change> unit(String node, DesiredUnit u, Optional<LiveUnit> live) {
    List<FieldChange> fields = new ArrayList<>();
    String enabled = u.enabled() ? "enabled" : "disabled";
    String active = u.active() ? "active" : "inactive";
    if (live.isEmpty() || !live.get().exists()) {
      fields.add(FieldChange.of("enabled", enabled, null));
      fields.add(FieldChange.of("active", active, null));
      return Optional.of(
          new Change(
              node,
              u.kind(),
              u.name(),
              Action.CREATE,
              fields,
              List.of(),
              Optional.empty(),
              Optional.of(u.origin())));
    }
    LiveUnit l = live.get();
    if (ENABLED.contains(l.enabled()) != u.enabled()) {
      fields.add(FieldChange.of("enabled", enabled, l.enabled()));
    }
    if (ACTIVE.contains(l.active()) != u.active()) {
      fields.add(FieldChange.of("active", active, l.active()));
    }
    return fields.isEmpty()
        ? Optional.empty()
        : Optional.of(
            new Change(
                node,
                u.kind(),
                u.name(),
                Action.UPDATE,
                fields,
                List.of(),
                Optional.empty(),
                Optional.of(u.origin())));
  }

  /**
   * Marked files in the managed directories that desired state no longer names. A path whose
   * resource failed to render is kept: a broken template must not delete what it would write.
   */
  private static List<Change> deletions(DesiredNode desired, LiveNode live) {
    Set<String> keep = new HashSet<>();
    desired.resources().forEach(r -> keep.add(r.id()));
    desired.errors().forEach(e -> e.path().ifPresent(keep::add));
    List<Change> out = new ArrayList<>();
    for (String path : live.managedFiles()) {
      if (keep.contains(path) || !inManagedDirectory(path)) {
        continue;
      }
      LiveEntry entry = entry(live, path);
      if (entry instanceof LiveEntry.File f && !f.managed()) {
        continue;
      }
      if (!(entry instanceof LiveEntry.File || entry instanceof LiveEntry.Missing)) {
        continue;
      }
      List<FieldChange> fields = new ArrayList<>();
      if (entry instanceof LiveEntry.File f) {
        fields.add(FieldChange.of("content", null, "sha256:" + shortHash(f.sha256())));
      }
      out.add(
          new Change(
              desired.node(),
              kindOf(path),
              path,
              Action.DELETE,
              fields,
              List.of(),
              Optional.empty(),
              Optional.empty()));
    }
    return out;
  }

  private static boolean inManagedDirectory(String path) {
    int slash = path.lastIndexOf('/');
    return slash > 0 && Marker.MANAGED_DIRECTORIES.contains(path.substring(0, slash));
  }

  private static ResourceKind kindOf(String path) {
    if (path.startsWith(Marker.CRON_DIRECTORY + "/")) {
      return ResourceKind.SCHEDULE;
    }
    if (path.startsWith(Marker.ALERT_RULES_DIRECTORY + "/")) {
      return ResourceKind.ALERT_RULES;
    }
    if (path.startsWith(Marker.SYSCTL_DIRECTORY + "/")) {
      return ResourceKind.FILE;
    }
    return path.endsWith(".timer") ? ResourceKind.SCHEDULE : ResourceKind.UNIT_FILE;
  }

  private static void attributes(
      Optional<FileMode> mode,
      Optional<String> owner,
      Optional<String> group,
      String liveMode,
      String liveOwner,
      String liveGroup,
      List<FieldChange> fields) {
    mode.ifPresent(
        m -> {
          String l = octal(liveMode);
          if (!m.octal().equals(l)) {
            fields.add(FieldChange.of("mode", m.octal(), l));
          }
        });
    owner
        .filter(o -> !o.equals(liveOwner))
        .ifPresent(o -> fields.add(FieldChange.of("owner", o, liveOwner)));
    group
        .filter(g -> !g.equals(liveGroup))
        .ifPresent(g -> fields.add(FieldChange.of("group", g, liveGroup)));
  }

  /**
   * A live mode in any octal spelling ("644", "0644", "100644") as four digits of permission bits.
   */
  static String octal(String mode) {
    if (mode == null) {
      return "";
    }
    try {
      return String.format("%04o", Integer.parseInt(mode.strip(), 8) & 07777);
    } catch (NumberFormatException e) {
      return mode;
    }
  }

  /** How a secret file's two sides are shown: keyed digests when the driver had a key. */
  private record Shown(String desired, String live, boolean shown) {}

  private static Shown digests(Optional<LiveSecretFiles.Verdict> holding, DesiredFile f) {
    if (holding.orElse(null) instanceof LiveSecretFiles.Verdict.Differs d
        && d.desired().isPresent()) {
      return new Shown(
          "secret " + d.desired().get(), d.live().map(l -> "secret " + l).orElse("absent"), true);
    }
    return new Shown(shown(f, f.sha256()), shown(f, f.sha256()), false);
  }

  private static String shown(DesiredFile f, String sha256) {
    return f.secretBearing() ? "(secret-bearing)" : "sha256:" + shortHash(sha256);
  }

  private static String shortHash(String sha256) {
    return sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
  }

  private static String typeOf(LiveEntry entry) {
    return switch (entry) {
      case LiveEntry.Missing m -> "missing";
      case LiveEntry.File f -> "file";
      case LiveEntry.Directory d -> "directory";
      case LiveEntry.Other o -> o.type();
    };
  }

  private static Optional<String> utf8(byte[] bytes) {
    try {
      String s = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      return s.indexOf('\0') >= 0 ? Optional.empty() : Optional.of(s);
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
