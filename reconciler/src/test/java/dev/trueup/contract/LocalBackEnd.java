package dev.trueup.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A local node confined to a fresh temporary root. */
record LocalBackEnd(Path root) implements BackEnd {

  @Override
  public Where where() {
    return Where.LOCAL;
  }

  @Override
  public String nodeHeader() {
    return "connection: {driver: local, root: %s}\n".formatted(root);
  }

  @Override
  public Hands hands() {
    return new Hands() {
      @Override
      public void shell(String script) {
        run(root, where().node(), script);
      }
    };
  }

  /** Runs a script with {@code sh} on this machine, failing on a non-zero exit. */
  static void run(Path root, String node, String script) {
    try {
      ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
      pb.environment().put("ROOT", root.toString());
      pb.environment().put("NODE", node);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s ended", script).isTrue();
      assertThat(p.exitValue()).as("%s: %s", script, out).isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void clean() {
    // A fresh temporary root each run: nothing of an earlier one is there.
  }
}
