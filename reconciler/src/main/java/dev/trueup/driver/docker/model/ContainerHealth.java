package dev.trueup.driver.docker.model;

import dev.trueup.model.HealthCheck;
import java.time.Duration;
import java.util.List;

/**
 * A container health check as the engine stores it: the test in Docker's form ({@code CMD-SHELL}
 * and one shell line, or {@code CMD} and argv) and its cadence.
 */
public record ContainerHealth(List<String> test, Duration interval, Duration timeout) {

  public ContainerHealth {
    test = List.copyOf(test);
  }

  /**
   * Docker runs health checks inside the container: a command as it is, an HTTP check with {@code
   * wget} and a TCP check with {@code nc} (the image must provide them).
   */
  public static ContainerHealth of(HealthCheck check) {
    String line =
        switch (check) {
          case HealthCheck.Command c -> c.command();
          case HealthCheck.Http h -> "wget -q -O /dev/null " + quote(h.url());
          case HealthCheck.Tcp t -> tcp(t.address());
        };
    return new ContainerHealth(List.of("CMD-SHELL", line), check.interval(), check.timeout());
  }

  private static String tcp(String address) {
    int colon = address.lastIndexOf(':');
    String host = colon > 0 ? address.substring(0, colon) : "127.0.0.1";
    String port = colon >= 0 ? address.substring(colon + 1) : address;
    return "nc -z " + quote(host.replace("[", "").replace("]", "")) + " " + quote(port);
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** The argv that runs the test by hand (trueup does so when the engine does not schedule it). */
  public List<String> argv() {
    if (test.isEmpty()) {
      return List.of();
    }
    return switch (test.get(0)) {
      case "CMD-SHELL" -> List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())));
      case "CMD" -> test.subList(1, test.size());
      default -> List.of();
    };
  }

  /** One line for plans and reports. */
  public String text() {
    String shown = test.size() > 1 ? String.join(" ", test.subList(1, test.size())) : "";
    return shown + " (every " + interval.toMillis() + " ms, timeout " + timeout.toMillis() + " ms)";
  }
}
