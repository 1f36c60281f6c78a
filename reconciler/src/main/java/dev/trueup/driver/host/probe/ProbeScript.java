package dev.trueup.driver.host.probe;

import dev.trueup.model.value.NodePath;
import dev.trueup.model.value.Parsed;
import dev.trueup.observe.ObservationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one POSIX sh script that gathers every fact of an {@link ObservationRequest}, and the input
 * it reads. The script is constant; the request's paths and units travel on its stdin, one per
 * line, so no user value is ever parsed by a shell as code.
 */
public final class ProbeScript {
  private ProbeScript() {}

  /** Regular files up to this size come back with their content (for diffs); larger: hash only. */
  public static final long CONTENT_CAP = 256 * 1024;

  private static final String SCRIPT = load();

  public static String script() {
    return SCRIPT;
  }

  /**
   * The command line a remote login shell runs: the script, quoted, given to {@code sh -c} (the
   * login shell may be anything; the script needs POSIX sh).
   */
  public static String remoteCommand() {
    return REMOTE;
  }

  // Quoting 15 KB is not free, and every observation passes this as its fallback.
  private static final String REMOTE = "sh -c " + ShellQuote.quote(SCRIPT);

  /**
   * The probe kept running on a connection: the script as one function, and a loop that runs it
   * once per request, in a subshell of its own. A request is a nonce line, the probe's input lines,
   * and the nonce again; its answer is the probe's output, a line break, and {@code <nonce> <exit
   * status>}. The input is read whole before the probe starts and handed to it in a variable, its
   * stdin being /dev/null, so nothing the probe runs can read the next request. A nonce starts with
   * {@code =}, which no input line does.
   */
  public static String keptProgram() {
    return KEPT;
  }

  private static final String KEPT =
      "trueup_probe() {\n"
          + SCRIPT
          + "\n}\n"
          + """
          trueup_kept=1
          while IFS= read -r trueup_nonce; do
            trueup_in=
            while IFS= read -r trueup_l && [ "$trueup_l" != "$trueup_nonce" ]; do
              trueup_in="$trueup_in$trueup_l
          "
            done
            trueup_out=$(trueup_probe < /dev/null)
            printf '%s\n\n%s %s\n' "$trueup_out" "$trueup_nonce" "$?"
          done
          """;

  /**
   * The script's stdin for a request.
   *
   * @param root "" on a real node; the directory standing in for {@code /} on a confined one
   */
  public static byte[] input(ObservationRequest request, String root) {
    StringBuilder sb = new StringBuilder();
    line(sb, 'R', root);
    for (String path : request.paths()) {
      // A file that should hold a secret is described by its digest only: its bytes stay there.
      line(sb, request.secretFiles().containsKey(path) ? 'S' : 'P', checkedPath(path));
    }
    for (String unit : request.units()) {
      line(sb, 'U', checkedUnit(unit));
    }
    for (String dir : request.managedDirectories()) {
      line(sb, 'D', checkedPath(dir));
    }
    for (String fact : request.facts()) {
      line(sb, 'K', checkedFact(fact));
    }
    // A busy check's command is desired state's own shell code, like a schedule's command: it
    // runs as written, its id and timeout checked so they cannot change how the line is read.
    request
        .busyChecks()
        .forEach(
            (id, check) ->
                line(
                    sb,
                    'B',
                    checkedCheckId(id)
                        + " "
                        + check.timeout().toSeconds()
                        + " "
                        + check.command()));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void line(StringBuilder sb, char tag, String value) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("probe input cannot carry a line break or NUL");
    }
    sb.append(tag).append(value).append('\n');
  }

  /** Normalized absolute paths only: a ".." could step out of a confined root. */
  private static String checkedPath(String path) {
    if (NodePath.parse(path) instanceof Parsed.Invalid<NodePath> invalid) {
      throw new IllegalArgumentException(invalid.message());
    }
    return path;
  }

  /** {@code family name}: a known family, and a name of the characters names may have. */
  private static String checkedFact(String fact) {
    if (!fact.matches(
        "(package|sysctl|user|uid|group|firewall|crontab) [A-Za-z0-9_][A-Za-z0-9+._-]*")) {
      throw new IllegalArgumentException("fact \"" + fact + "\" is not valid");
    }
    return fact;
  }

  private static String checkedCheckId(String id) {
    if (!id.matches("[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)?")) {
      throw new IllegalArgumentException("busy check \"" + id + "\" is not valid");
    }
    return id;
  }

  private static String checkedUnit(String unit) {
    if (unit.isEmpty() || unit.startsWith("-") || unit.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException("unit name \"" + unit + "\" is not valid");
    }
    return unit;
  }

  private static String load() {
    try (InputStream in = ProbeScript.class.getResourceAsStream("probe.sh")) {
      if (in == null) {
        throw new IllegalStateException("probe.sh is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
