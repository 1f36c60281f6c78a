package dev.trueup.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Docker-compatible engine's HTTP API on its unix socket, through curl: the hand that drifts
 * containers, independent of trueup's own engine client.
 */
record EngineApi(Path socket) {

  /** Stops a container (one second's grace) as {@code docker stop} would. */
  void stop(String container) {
    call("POST", "/containers/" + container + "/stop?t=1", 204, 304);
  }

  /** Removes a container, running or not, as {@code docker rm -f} would. */
  void remove(String container) {
    call("DELETE", "/containers/" + container + "?force=1", 204, 404);
  }

  /** The names of every container on the engine. */
  String names() {
    return call("GET", "/containers/json?all=1", 200);
  }

  /** Whether a container of that name exists. */
  boolean exists(String container) {
    return call("GET", "/containers/" + container + "/json", 200, 404).startsWith("{\"Id\"");
  }

  private String call(String method, String path, int... accepted) {
    List<String> cmd =
        List.of(
            "curl",
            "-sS",
            "--max-time",
            "30",
            "--unix-socket",
            socket.toString(),
            "-X",
            method,
            "-w",
            "\n%{http_code}",
            "http://engine/v1.41" + path);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(40, TimeUnit.SECONDS)).as("curl %s %s ended", method, path).isTrue();
      int cut = out.lastIndexOf('\n');
      int status = Integer.parseInt(out.substring(cut + 1).strip());
      assertThat(accepted).as("%s %s answered %s", method, path, out).contains(status);
      return out.substring(0, cut);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
