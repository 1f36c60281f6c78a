package dev.trueup.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's prometheus and prometheus-alertmanager, started on loopback ports with their state in a
 * temporary directory: Prometheus scrapes one target every second and evaluates the rules files of
 * a glob every second, sending what fires to the Alertmanager, which posts to a webhook at once.
 * Clustering is off, so Alertmanager opens no port but its own.
 */
public final class AlertingChain implements AutoCloseable {
  public static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  public static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");

  private final List<Process> processes = new ArrayList<>();
  private final int prometheusPort;
  private final int alertmanagerPort;

  private AlertingChain(int prometheusPort, int alertmanagerPort) {
    this.prometheusPort = prometheusPort;
    this.alertmanagerPort = alertmanagerPort;
  }

  public static boolean available() {
    return Files.isExecutable(PROMETHEUS) && Files.isExecutable(ALERTMANAGER);
  }

  /**
   * @param target the scrape target, {@code 127.0.0.1:PORT}, labelled {@code node=<node>}
   * @param rules the rules files' glob
   * @param webhook where Alertmanager posts, with {@code token} as its bearer
   */
  public static AlertingChain start(
      Path dir, String target, String node, String rules, String webhook, String token)
      throws IOException, InterruptedException {
    AlertingChain chain = new AlertingChain(freePort(), freePort());
    Path am = Files.createDirectories(dir.resolve("alertmanager"));
    Files.writeString(
        am.resolve("alertmanager.yml"),
        """
        route:
          receiver: trueup
          group_by: [alertname, node]
          group_wait: 0s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: trueup
            webhook_configs:
              - url: "%s"
                send_resolved: true
                http_config:
                  authorization: {type: Bearer, credentials: "%s"}
        """
            .formatted(webhook, token));
    chain.run(
        List.of(
            ALERTMANAGER.toString(),
            "--config.file=" + am.resolve("alertmanager.yml"),
            "--storage.path=" + am.resolve("data"),
            "--web.listen-address=127.0.0.1:" + chain.alertmanagerPort,
            "--cluster.listen-address=",
            "--log.level=warn"),
        am.resolve("log"));
    Path prom = Files.createDirectories(dir.resolve("prometheus"));
    Files.writeString(
        prom.resolve("prometheus.yml"),
        """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        rule_files: ["%s"]
        alerting:
          alertmanagers:
            - static_configs: [{targets: ["127.0.0.1:%d"]}]
        scrape_configs:
          - job_name: node
            static_configs:
              - targets: ["%s"]
                labels: {node: "%s"}
        """
            .formatted(rules, chain.alertmanagerPort, target, node));
    chain.run(
        List.of(
            PROMETHEUS.toString(),
            "--config.file=" + prom.resolve("prometheus.yml"),
            "--storage.tsdb.path=" + prom.resolve("data"),
            "--web.listen-address=127.0.0.1:" + chain.prometheusPort,
            "--web.enable-lifecycle",
            "--log.level=warn"),
        prom.resolve("log"));
    chain.awaitReady(chain.prometheus() + "/-/ready");
    chain.awaitReady("http://127.0.0.1:" + chain.alertmanagerPort + "/-/ready");
    return chain;
  }

  public String prometheus() {
    return "http://127.0.0.1:" + prometheusPort;
  }

  private void run(List<String> argv, Path log) throws IOException {
    processes.add(
        new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start());
  }

  private void awaitReady(String url) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    Instant until = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(until)) {
      try {
        HttpResponse<Void> r =
            client.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IOException(url + ": a process of the chain exited with " + p.exitValue());
        }
      }
      Thread.sleep(100);
    }
    throw new IOException(url + " was not ready within 60 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }
}
