package dev.trueup.plan;

import dev.trueup.live.Facts;
import dev.trueup.live.LiveEntry;
import dev.trueup.live.LiveUnit;
import dev.trueup.live.Reachability;
import dev.trueup.observe.LiveNode;
import dev.trueup.render.DesiredResource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hash of what was observed, so that a saved plan can tell whether the fleet moved since. The
 * canonical form is one line per fact, in sorted order; file content enters through its hash.
 */
public final class LiveFingerprint {
  private LiveFingerprint() {}

  public static String of(Map<String, LiveNode> live) {
    StringBuilder sb = new StringBuilder("trueup-live-v1\n");
    for (LiveNode n : new TreeMap<>(live).values()) {
      sb.append("node ").append(quote(n.node())).append(' ').append(reach(n.reachability()));
      sb.append(" systemd=").append(n.systemd()).append('\n');
      n.paths()
          .forEach(
              (path, e) ->
                  sb.append(" path ")
                      .append(quote(path))
                      .append(' ')
                      .append(entry(e))
                      .append('\n'));
      n.units().values().forEach(u -> sb.append(" unit ").append(unit(u)).append('\n'));
      n.managedFiles().forEach(m -> sb.append(" managed ").append(quote(m)).append('\n'));
      n.parts().forEach(p -> p.facts().forEach(f -> sb.append(' ').append(f).append('\n')));
    }
    return DesiredResource.DesiredFile.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String reach(Reachability r) {
    return Facts.reach(r);
  }

  private static String entry(LiveEntry e) {
    return switch (e) {
      case LiveEntry.Missing m -> "missing";
      case LiveEntry.File f ->
          "file "
              + f.sha256()
              + " "
              + f.size()
              + " "
              + quote(f.mode())
              + " "
              + quote(f.owner())
              + " "
              + quote(f.group())
              + " "
              + f.managed();
      case LiveEntry.Directory d ->
          "directory " + quote(d.mode()) + " " + quote(d.owner()) + " " + quote(d.group());
      case LiveEntry.Other o -> "other " + quote(o.type());
    };
  }

  private static String unit(LiveUnit u) {
    return quote(u.name()) + " " + u.exists() + " " + quote(u.enabled()) + " " + quote(u.active());
  }

  private static String quote(String s) {
    return Facts.quote(s);
  }
}
