package dev.trueup.cli;

import dev.trueup.serve.Running;
import dev.trueup.testing.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code trueup serve} of a directory for a test: loopback listeners on free ports, no poll, drift
 * or delivery schedules unless the test asks, the API token in {@code $PATH} (set everywhere, never
 * printed); started and past its startup run.
 */
final class QuietServe {
  private QuietServe() {}

  static Running start(Path repo, Path store, String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "serve",
                "--repo",
                repo.toString(),
                "--store",
                store.toString(),
                "--poll",
                "1h",
                "--listen",
                "127.0.0.1:0",
                "--webhook-listen",
                "127.0.0.1:0",
                "--drift-every",
                "0",
                "--notify-every",
                "0",
                "--api-token-env",
                "PATH"));
    args.addAll(List.of(extra));
    ServeCommand serve =
        (ServeCommand)
            Main.commandLine()
                .parseArgs(args.toArray(String[]::new))
                .subcommand()
                .commandSpec()
                .userObject();
    Running running = serve.start(new PrintWriter(new StringWriter()));
    Await.until(() -> running.loop().applies() >= 1 && !running.loop().busy(), "the startup run");
    return running;
  }

  static String base(Running running) {
    return "http://127.0.0.1:" + running.api().address().getPort();
  }
}
