package dev.trueup.driver.host.model;

import dev.trueup.diff.Note;
import dev.trueup.live.LiveEntry;
import dev.trueup.observe.LiveNode;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.render.Marker;
import dev.trueup.render.ResourceKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Jobs that would run twice: a line in the system crontab or a user's crontab (root's, or the
 * schedule's user's) running the same command as one of trueup's cron schedules. That is what a
 * node managed by hand or by Ansible before trueup took it over has; trueup never edits those
 * files, so the plan says so, naming the line. Pure: the crontabs come back with the node's other
 * paths.
 */
public final class CronDuplicates {
  private CronDuplicates() {}

  /** Where crontabs live: the system one, and per user on Debian and on the Red Hat family. */
  private static final String SYSTEM = "/etc/crontab";

  private static final List<String> USER_DIRECTORIES =
      List.of("/var/spool/cron/crontabs/", "/var/spool/cron/");

  /** A trueup schedule as its cron file runs it. */
  record Job(String file, String user, String command) {}

  /** The crontabs worth reading for {@code desired}'s cron schedules; none when it has none. */
  public static SortedSet<String> paths(DesiredNode desired) {
    SortedSet<String> out = new TreeSet<>();
    List<Job> jobs = jobs(desired);
    if (jobs.isEmpty()) {
      return out;
    }
    out.add(SYSTEM);
    TreeSet<String> users = new TreeSet<>(List.of("root"));
    jobs.forEach(j -> users.add(j.user()));
    for (String user : users) {
      USER_DIRECTORIES.forEach(d -> out.add(d + user));
    }
    return out;
  }

  /** A note for each crontab line that runs one of trueup's schedule commands again. */
  public static void notes(DesiredNode desired, LiveNode live, List<Note> notes) {
    List<Job> jobs = jobs(desired);
    if (jobs.isEmpty()) {
      return;
    }
    for (String path : paths(desired)) {
      if (!(live.paths().get(path) instanceof LiveEntry.File f) || f.content().isEmpty()) {
        continue;
      }
      boolean system = path.equals(SYSTEM);
      String[] lines = new String(f.content().get(), StandardCharsets.UTF_8).split("\n", -1);
      for (int n = 0; n < lines.length; n++) {
        Optional<String> command = command(lines[n], system);
        if (command.isEmpty()) {
          continue;
        }
        for (Job j : jobs) {
          if (j.command().equals(command.get())) {
            notes.add(
                new Note(
                    Note.Kind.DUPLICATE,
                    path,
                    path
                        + " line "
                        + (n + 1)
                        + " runs the same command as trueup's "
                        + j.file()
                        + ": it would run twice; remove the line, or the schedule"));
          }
        }
      }
    }
  }

  /**
   * The command of a crontab line, whitespace collapsed; empty for a comment, a blank line or a
   * variable. {@code system} lines (/etc/crontab, /etc/cron.d) name a user after the schedule.
   */
  static Optional<String> command(String line, boolean system) {
    String l = line.strip();
    if (l.isEmpty() || l.startsWith("#") || l.matches("[A-Za-z_][A-Za-z0-9_]*\\s*=.*")) {
      return Optional.empty();
    }
    String[] words = l.split("\\s+");
    int skip = (words[0].startsWith("@") ? 1 : 5) + (system ? 1 : 0);
    if (words.length <= skip) {
      return Optional.empty();
    }
    return Optional.of(String.join(" ", List.of(words).subList(skip, words.length)));
  }

  private static List<Job> jobs(DesiredNode desired) {
    Map<String, Job> out = new LinkedHashMap<>();
    for (DesiredResource r : desired.resources()) {
      if (r instanceof DesiredFile f
          && f.kind() == ResourceKind.SCHEDULE
          && f.path().startsWith(Marker.CRON_DIRECTORY + "/")) {
        // The cron file's one job line is its last: schedule, user, command.
        List<String> lines = f.text().lines().filter(x -> !x.isBlank()).toList();
        if (lines.isEmpty()) {
          continue;
        }
        String last = lines.get(lines.size() - 1).strip();
        String[] words = last.split("\\s+");
        if (words.length < 7) {
          continue;
        }
        command(last, true).ifPresent(c -> out.put(f.path(), new Job(f.path(), words[5], c)));
      }
    }
    return new ArrayList<>(out.values());
  }
}
