package dev.trueup.driver.host;

import dev.trueup.diff.Action;
import dev.trueup.driver.host.model.HostSetupResource;
import dev.trueup.driver.host.model.HostSetupResource.DesiredAuthorizedKeys;
import dev.trueup.driver.host.model.HostSetupResource.DesiredCrontab;
import dev.trueup.driver.host.model.HostSetupResource.DesiredFirewall;
import dev.trueup.driver.host.model.HostSetupResource.DesiredGroup;
import dev.trueup.driver.host.model.HostSetupResource.DesiredPackage;
import dev.trueup.driver.host.model.HostSetupResource.DesiredSysctl;
import dev.trueup.driver.host.model.HostSetupResource.DesiredUser;
import dev.trueup.driver.host.probe.ShellQuote;
import dev.trueup.model.HealthCheck;
import dev.trueup.model.value.ReservedPaths;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.DesiredResource.DesiredDirectory;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.render.DesiredResource.DesiredUnit;
import dev.trueup.render.Marker;
import dev.trueup.render.ResourceKind;
import dev.trueup.render.SecretEnvFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the POSIX sh scripts that apply, roll back and health-check one node in one round trip
 * each. Pure: the scripts are text, sent to {@code sh -s} on the node's stdin. Every value from
 * desired state is single-quoted ({@link ShellQuote}); file contents travel base64-encoded in
 * here-documents. The whole body is one function, so the shell has read all of it before it runs
 * any of it. Results come back as frame lines starting with a random tag.
 */
public final class ApplyScript {
  private ApplyScript() {}

  public static final String COMMAND = "sh -s";
  private static final String PRELUDE = load();

  /**
   * Taken first by the scripts that change a node ({@code node_lock} in the prelude says the end
   * frame when it cannot).
   */
  private static final String LOCK = "node_lock || exit 3\n";

  /**
   * What every script of one apply shares.
   *
   * @param tag starts every frame line
   * @param root "" on a real node, the sandbox directory (a real path) on a confined local one
   * @param backupRoot where backups are kept, as on the node's {@code /}
   * @param backupId this apply's subdirectory of it
   * @param lockPolls how many tenths of a second to wait for a node lock a live script holds
   */
  record Context(String tag, String root, String backupRoot, String backupId, int lockPolls) {}

  /**
   * @param activeUnits the units desired state wants running: one whose unit file (or secret
   *     environment file) this apply writes is restarted even when the unit itself has no change
   */
  static String apply(Context context, List<Step> steps, int killAfter, Set<String> activeUnits) {
    StringBuilder s = header(context);
    s.append("main() {\n");
    s.append(LOCK);
    // Rules that do not parse stop the node before anything of it changes.
    for (Step step : steps) {
      if (step.desired().orElse(null) instanceof DesiredFirewall f) {
        s.append("fwcheck <<'TRUEUP_B64' || exit 3\n")
            .append(base64(f.script().getBytes(StandardCharsets.UTF_8)))
            .append("TRUEUP_B64\n");
      }
    }
    s.append("begin || exit 3\n");
    Set<String> unitFilesWritten = unitsWritten(steps);
    int done = 0;
    boolean packagesDone = false;
    for (Step step : steps) {
      if (step.change().kind() == ResourceKind.PACKAGE) {
        // Every package change of the node in one transaction, where the first one stands.
        if (!packagesDone) {
          s.append(packages(steps)).append(" || stop\n");
          packagesDone = true;
        }
        continue;
      }
      String call = call(step, unitFilesWritten);
      int body = call.indexOf('\n');
      if (body < 0) {
        s.append(call).append(" || stop\n");
      } else {
        // A here-document's body follows the line that names it: "|| stop" belongs on that line.
        s.append(call, 0, body).append(" || stop").append(call.substring(body));
      }
      done++;
      if (killAfter > 0 && done == killAfter) {
        s.append("kill -KILL $$\n");
      }
    }
    s.append("reload_units || { say \"end failed daemon-reload failed\"; exit 3; }\n");
    restartedWithoutAStep(steps, activeUnits)
        .forEach(
            u ->
                s.append("restart_changed ")
                    .append(q(u))
                    .append(" || { say \"end failed restart of ")
                    .append(u.replaceAll("[^A-Za-z0-9@._-]", "_"))
                    .append(" failed\"; exit 3; }\n"));
    s.append("say end ok\n}\n");
    s.append("stop() { say end failed; exit 3; }\n");
    s.append("main </dev/null 3>&1 1>&2\n");
    return s.toString();
  }

  /** The units whose unit file or secret environment file the steps write. */
  private static Set<String> unitsWritten(List<Step> steps) {
    Set<String> out = new HashSet<>();
    for (Step step : steps) {
      if (step.desired().orElse(null) instanceof DesiredFile && step.writesContent()) {
        String id = step.change().id();
        if (id.startsWith(Marker.SYSTEMD_DIRECTORY + "/")) {
          out.add(id.substring(id.lastIndexOf('/') + 1));
        }
        SecretEnvFile.unitOf(id).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * The running units restarted because their files were written, though the unit itself has no
   * step (a unit step restarts its unit itself), in name order.
   */
  private static List<String> restartedWithoutAStep(List<Step> steps, Set<String> activeUnits) {
    Set<String> stepped = new HashSet<>();
    steps.stream()
        .filter(step -> step.desired().orElse(null) instanceof DesiredUnit)
        .forEach(step -> stepped.add(step.change().id()));
    return unitsWritten(steps).stream()
        .filter(u -> activeUnits.contains(u) && !stepped.contains(u))
        .sorted()
        .toList();
  }

  /** The one {@code pkgs} call: installs (with their version globs), then removals. */
  private static String packages(List<Step> steps) {
    List<String> install = new java.util.ArrayList<>();
    List<String> specs = new java.util.ArrayList<>();
    List<String> remove = new java.util.ArrayList<>();
    List<String> names = new java.util.ArrayList<>();
    for (Step step : steps) {
      if (step.desired().orElse(null) instanceof DesiredPackage p) {
        if (p.present()) {
          install.add(String.valueOf(step.index()));
          specs.add(p.name() + p.version().map(v -> "=" + v).orElse(""));
        } else {
          remove.add(String.valueOf(step.index()));
          names.add(p.name());
        }
      }
    }
    return "pkgs "
        + q(String.join(" ", install))
        + " "
        + q(String.join(" ", specs))
        + " "
        + q(String.join(" ", remove))
        + " "
        + q(String.join(" ", names));
  }

  private static String call(Step step, Set<String> unitFilesWritten) {
    int i = step.index();
    String path = step.change().id();
    if (step.change().action() == Action.DELETE && step.desired().isEmpty()) {
      return "del " + i + " " + q(path);
    }
    return switch (step.desired().orElseThrow()) {
      case DesiredGroup g ->
          String.join(
              " ",
              "grp",
              String.valueOf(i),
              q(g.name()),
              q(g.gid().map(String::valueOf).orElse("")),
              g.system() ? "1" : "0",
              g.present() ? "1" : "0");
      case DesiredUser u ->
          String.join(
              " ",
              "usr",
              String.valueOf(i),
              q(u.name()),
              q(u.uid().map(String::valueOf).orElse("")),
              q(u.group().orElse("")),
              u.system() ? "1" : "0",
              q(u.shell().orElse("")),
              q(u.home().orElse("")),
              q(String.join(",", u.groups())),
              u.present() ? "1" : "0",
              u.removeHome() ? "1" : "0");
      case DesiredAuthorizedKeys k ->
          "keys "
              + i
              + " "
              + q(k.user())
              + " "
              + (k.exclusive() ? "1" : "0")
              + " <<'TRUEUP_B64'\n"
              + base64(k.text().getBytes(StandardCharsets.UTF_8))
              + "TRUEUP_B64\n";
      case DesiredCrontab c ->
          "cronb "
              + i
              + " "
              + q(c.user())
              + " <<'TRUEUP_B64'\n"
              + base64(c.text().getBytes(StandardCharsets.UTF_8))
              + "TRUEUP_B64\n";
      case DesiredSysctl x -> "sysv " + i + " " + q(x.key()) + " " + q(x.value());
      case DesiredFirewall f ->
          "fw "
              + i
              + " "
              + Math.max(5, f.confirmWithin().toSeconds())
              + " <<'TRUEUP_B64'\n"
              + base64(f.script().getBytes(StandardCharsets.UTF_8))
              + "TRUEUP_B64\n";
      case DesiredDirectory d ->
          "mkd "
              + i
              + " "
              + q(path)
              + " "
              + q(d.mode().map(m -> m.octal()).orElse(""))
              + " "
              + q(d.owner().orElse(""))
              + " "
              + q(d.group().orElse(""));
      case DesiredFile f -> {
        boolean write = step.writesContent();
        String head =
            "put "
                + i
                + " "
                + q(path)
                + " "
                + q(f.mode().map(m -> m.octal()).orElse(""))
                + " "
                + q(f.owner().orElse(""))
                + " "
                + q(f.group().orElse(""))
                + " "
                + f.sha256()
                + " "
                + (write ? "1" : "0");
        yield write ? head + " <<'TRUEUP_B64'\n" + base64(f.content()) + "TRUEUP_B64\n" : head;
      }
      case DesiredUnit u ->
          "unit "
              + i
              + " "
              + q(u.name())
              + " "
              + (step.touchesField("enabled") ? (u.enabled() ? "1" : "0") : "''")
              + " "
              + (step.touchesField("active") ? (u.active() ? "1" : "0") : "''")
              + " "
              + ((u.active() && unitFilesWritten.contains(u.name())) || step.touchesField("restart")
                  ? "1"
                  : step.touchesField("reload") ? "2" : "0");
      case DesiredResource other ->
          throw new IllegalArgumentException(
              "a "
                  + other.kind().label()
                  + " is applied by its own driver, not the host's apply script: "
                  + other.id());
    };
  }

  /** Restores, in reverse order, every path the apply touched; units last, after a reload. */
  static String rollback(Context context, List<Step> steps, Set<String> activeUnits) {
    StringBuilder s = header(context);
    s.append("main() {\n").append(LOCK).append("failed=0\n");
    for (Step step : steps.reversed()) {
      if (step.desired().orElse(null) instanceof DesiredUnit u) {
        s.append("rn=")
            .append(q(u.name()))
            .append("; rbstop ")
            .append(step.index())
            .append(" \"$rn\"\n");
      }
    }
    for (Step step : steps.reversed()) {
      if (step.desired().orElse(null) instanceof DesiredAuthorizedKeys k) {
        s.append("rbkeys ")
            .append(step.index())
            .append(' ')
            .append(q(k.user()))
            .append(" || failed=1\n");
      } else if (step.desired().orElse(null) instanceof DesiredCrontab c) {
        s.append("rbcron ")
            .append(step.index())
            .append(' ')
            .append(q(c.user()))
            .append(" || failed=1\n");
      } else if (step.desired().orElse(null) instanceof DesiredFirewall) {
        s.append("rbfw ").append(step.index()).append(" || failed=1\n");
      } else if (step.desired().orElse(null) instanceof HostSetupResource) {
        // Packages, accounts and kernel values are not taken back: see docs/host-setup.md.
        continue;
      } else if (!(step.desired().orElse(null) instanceof DesiredUnit)) {
        s.append("rb ")
            .append(step.index())
            .append(' ')
            .append(q(step.change().id()))
            .append(" || failed=1\n");
      }
    }
    s.append("reload_units || failed=1\n");
    for (Step step : steps.reversed()) {
      String id = step.change().id();
      if (step.change().action() == Action.DELETE
          && id.startsWith(Marker.SYSTEMD_DIRECTORY + "/")
          && (id.endsWith(".service") || id.endsWith(".timer"))) {
        // A deleted unit file's unit was stopped and disabled; its state comes back with it.
        s.append("rbunit u")
            .append(step.index())
            .append(' ')
            .append(q(id.substring(id.lastIndexOf('/') + 1)))
            .append(" || failed=1\n");
      }
    }
    // A running unit restarted onto a new unit file is restarted onto the restored one.
    restartedWithoutAStep(steps, activeUnits)
        .forEach(u -> s.append("restart_changed ").append(q(u)).append(" || failed=1\n"));
    for (Step step : steps.reversed()) {
      if (step.desired().orElse(null) instanceof DesiredUnit u) {
        s.append("rbunit ")
            .append(step.index())
            .append(' ')
            .append(q(u.name()))
            .append(" || failed=1\n");
      }
    }
    s.append("if [ \"$failed\" = 0 ]; then say end ok; else say end failed; fi\n}\n");
    s.append("main </dev/null 3>&1 1>&2\n");
    return s.toString();
  }

  /** Over a new connection after a firewall change: disarms the node's own restore. */
  static String confirmFirewall(Context context) {
    StringBuilder s = header(context);
    s.append("main() {\nfwconfirm\n}\nmain </dev/null 3>&1 1>&2\n");
    return s.toString();
  }

  /** After a lockout: whether the node restored its previous rules by itself, and when. */
  static String firewallReverted(Context context) {
    StringBuilder s = header(context);
    s.append("main() {\n");
    s.append(
        "if [ -f \"$L/firewall.reverted\" ]; then say \"reverted $(head -c 64"
            + " \"$L/firewall.reverted\")\"; fi\n");
    s.append("say end ok\n}\nmain </dev/null 3>&1 1>&2\n");
    return s.toString();
  }

  /** A declared health check as the node runs it. */
  record Check(String service, HealthCheck check) {}

  static String health(Context context, List<Check> checks) {
    StringBuilder s = header(context);
    s.append("main() {\n");
    for (int i = 0; i < checks.size(); i++) {
      HealthCheck c = checks.get(i).check();
      s.append("check ")
          .append(i)
          .append(' ')
          .append(seconds(c.timeout()))
          .append(' ')
          .append(seconds(c.interval()))
          .append(' ')
          .append(c.retries())
          .append(' ')
          .append(c.startPeriod().toSeconds())
          .append(' ');
      switch (c) {
        case HealthCheck.Command x -> s.append("command ").append(q(x.command()));
        case HealthCheck.Tcp x -> {
          Map.Entry<String, String> hp = hostPort(x.address());
          s.append("tcp ").append(q(hp.getKey())).append(' ').append(q(hp.getValue()));
        }
        case HealthCheck.Http x -> s.append("http ").append(q(x.url()));
      }
      s.append('\n');
    }
    s.append("say end ok\n}\nmain </dev/null 3>&1 1>&2\n");
    return s.toString();
  }

  /** Whole seconds, rounded up, at least one: what sleep and timeout take everywhere. */
  private static long seconds(java.time.Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }

  /** {@code host:port} or {@code [v6]:port}. */
  static Map.Entry<String, String> hostPort(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0) {
      return Map.entry(address, "");
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return Map.entry(host, address.substring(colon + 1));
  }

  private static StringBuilder header(Context c) {
    StringBuilder s = new StringBuilder();
    s.append("T=").append(q(c.tag())).append('\n');
    s.append("R=").append(q(c.root())).append('\n');
    s.append("L=").append(q(ReservedPaths.STATE_DIRECTORY)).append('\n');
    s.append("BR=").append(q(c.backupRoot())).append('\n');
    s.append("B=").append(q(c.backupRoot() + "/" + c.backupId())).append('\n');
    s.append("LW=").append(c.lockPolls()).append('\n');
    s.append(PRELUDE).append('\n');
    return s;
  }

  /** The frames of a script's stdout, by index ("end" for the last); other lines are ignored. */
  static Map<String, Frame> frames(String tag, String stdout) {
    Map<String, Frame> out = new LinkedHashMap<>();
    String prefix = tag + " ";
    for (String line : stdout.split("\n")) {
      if (!line.startsWith(prefix)) {
        continue;
      }
      String[] w = line.substring(prefix.length()).split(" ", 3);
      if (w.length >= 2 && w[0].equals("rb") && w.length == 3) {
        out.put("rb " + w[1], new Frame(w[2].startsWith("ok"), Optional.empty()));
      } else if (w.length >= 2) {
        boolean ok = w[1].equals("ok");
        Optional<String> reason =
            w.length == 3 ? Optional.of(w[2]) : ok ? Optional.empty() : Optional.of(w[1]);
        if (w[1].equals("skip")) {
          out.put(w[0], new Frame(true, reason, true));
        } else {
          out.put(w[0], new Frame(ok, ok ? Optional.empty() : reason));
        }
      }
    }
    return out;
  }

  record Frame(boolean ok, Optional<String> reason, boolean skipped) {
    Frame(boolean ok, Optional<String> reason) {
      this(ok, reason, false);
    }
  }

  static String q(String value) {
    return ShellQuote.quote(value);
  }

  private static String base64(byte[] content) {
    String text =
        Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(content);
    return text.isEmpty() ? "" : text + "\n";
  }

  private static String load() {
    try (InputStream in = ApplyScript.class.getResourceAsStream("prelude.sh")) {
      if (in == null) {
        throw new IllegalStateException("prelude.sh is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
