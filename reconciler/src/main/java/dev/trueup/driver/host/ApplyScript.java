package dev.trueup.driver.host;

import dev.trueup.diff.Action;
import dev.trueup.driver.host.probe.ShellQuote;
import dev.trueup.model.HealthCheck;
import dev.trueup.model.value.ReservedPaths;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.DesiredResource.DesiredDirectory;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.render.DesiredResource.DesiredUnit;
import dev.trueup.render.Marker;
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

  static String apply(Context context, List<Step> steps, int killAfter) {
    StringBuilder s = header(context);
    s.append("main() {\n");
    s.append(LOCK);
    s.append("begin || exit 3\n");
    Set<String> unitFilesWritten = new HashSet<>();
    int done = 0;
    for (Step step : steps) {
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
    s.append("say end ok\n}\n");
    s.append("stop() { say end failed; exit 3; }\n");
    s.append("main </dev/null 3>&1 1>&2\n");
    return s.toString();
  }

  private static String call(Step step, Set<String> unitFilesWritten) {
    int i = step.index();
    String path = step.change().id();
    if (step.change().action() == Action.DELETE) {
      return "del " + i + " " + q(path);
    }
    return switch (step.desired().orElseThrow()) {
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
        if (write && path.startsWith(Marker.SYSTEMD_DIRECTORY + "/")) {
          unitFilesWritten.add(path.substring(path.lastIndexOf('/') + 1));
        }
        if (write) {
          SecretEnvFile.unitOf(path).ifPresent(unitFilesWritten::add);
        }
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
              + (u.active() && unitFilesWritten.contains(u.name()) ? "1" : "0");
      case DesiredResource other ->
          throw new IllegalArgumentException(
              "a "
                  + other.kind().label()
                  + " is applied by its own driver, not the host's apply script: "
                  + other.id());
    };
  }

  /** Restores, in reverse order, every path the apply touched; units last, after a reload. */
  static String rollback(Context context, List<Step> steps) {
    StringBuilder s = header(context);
    s.append("main() {\n").append(LOCK).append("failed=0\n");
    for (Step step : steps.reversed()) {
      if (!(step.desired().orElse(null) instanceof DesiredUnit)) {
        s.append("rb ")
            .append(step.index())
            .append(' ')
            .append(q(step.change().id()))
            .append(" || failed=1\n");
      }
    }
    s.append("reload_units || failed=1\n");
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

  /** A declared health check as the node runs it. */
  record Check(String service, HealthCheck check) {}

  static String health(Context context, List<Check> checks) {
    StringBuilder s = header(context);
    s.append("main() {\n");
    for (int i = 0; i < checks.size(); i++) {
      HealthCheck c = checks.get(i).check();
      long seconds = Math.max(1, (c.timeout().toMillis() + 999) / 1000);
      s.append("check ").append(i).append(' ').append(seconds).append(' ');
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
