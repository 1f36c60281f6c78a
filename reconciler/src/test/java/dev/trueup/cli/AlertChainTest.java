package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.trueup.serve.Running;
import dev.trueup.testing.AlertingChain;
import dev.trueup.testing.Await;
import dev.trueup.testing.RealPart;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole alerting chain with real parts: a threshold in desired state becomes a rules file on
 * the node, serve reloads a real Prometheus (Debian's) that scrapes a loopback exporter whose value
 * the test sets; crossing the threshold fires the alert, a real Alertmanager posts it to serve, and
 * the fleet's channels get it at its level: critical at once to a Slack fake and a GreenMail inbox,
 * high held for its hour's batch; resolving it closes the entry.
 */
class AlertChainTest {
  @RegisterExtension
  static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path repo;
  @TempDir Path sandbox;
  @TempDir Path storeDir;
  @TempDir Path chainDir;

  private final AtomicReference<String> load = new AtomicReference<>("0.5");
  private final List<String> slack = new CopyOnWriteArrayList<>();
  private HttpServer fakes;
  private AlertingChain chain;

  @AfterEach
  void stop() {
    if (chain != null) {
      chain.close();
    }
    if (fakes != null) {
      fakes.stop(0);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private ServeCommand serve(int apiPort) {
    return (ServeCommand)
        Main.commandLine()
            .parseArgs(
                "serve",
                "--repo",
                repo.toString(),
                "--store",
                storeDir.toString(),
                "--poll",
                "1h",
                "--listen",
                "127.0.0.1:" + apiPort,
                "--webhook-listen",
                "127.0.0.1:0",
                "--notify-every",
                "1s",
                "--drift-every",
                "0",
                "--alertmanager-token-env",
                "PATH")
            .subcommand()
            .commandSpec()
            .userObject();
  }

  /** Alertmanager posts serve accepted, as its metrics count them. */
  private static double accepted(HttpClient http, int apiPort) {
    try {
      String metrics =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return metrics
          .lines()
          .filter(l -> l.startsWith("trueup_alertmanager_requests_total{result=\"accepted\""))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .sum();
    } catch (Exception e) {
      return 0;
    }
  }

  @Test
  void aThresholdCrossedReachesTheChannelsAtItsLevelAndItsResolutionClosesIt() throws Exception {
    RealPart.PROMETHEUS.require(AlertingChain.available());
    fakes = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    fakes.createContext(
        "/metrics",
        x -> {
          byte[] b =
              ("# TYPE node_load5 gauge\nnode_load5 " + load.get() + "\n")
                  .getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(200, b.length);
          x.getResponseBody().write(b);
          x.close();
        });
    fakes.createContext(
        "/slack",
        x -> {
          slack.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          x.sendResponseHeaders(200, -1);
          x.close();
        });
    fakes.start();
    int fakePort = fakes.getAddress().getPort();
    int apiPort = freePort();
    String token = System.getenv("PATH");
    chain =
        AlertingChain.start(
            chainDir,
            "127.0.0.1:" + fakePort,
            "box",
            sandbox.resolve("etc/prometheus/rules").toString() + "/*.yml",
            "http://127.0.0.1:" + apiPort + "/alerts/alertmanager",
            token);

    Files.createDirectories(repo.resolve("nodes"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: chain
        environments: [development]
        alerting:
          prometheus: {url: "%s"}
        notifications:
          channels:
            ops-slack: {type: slack, url: "http://127.0.0.1:%d/slack"}
            ops-email:
              type: email
              from: trueup@example.org
              to: [ops@example.org]
              smtp: {host: 127.0.0.1, port: %d, starttls: false}
          routes:
            critical: [ops-slack, ops-email]
            high: [ops-slack]
        """
            .formatted(chain.prometheus(), fakePort, mail.getSmtp().getPort()));
    Files.writeString(repo.resolve("policy.yaml"), "matrix: {minor: apply}\n");
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        """
        node: box
        environment: development
        connection: {driver: local, root: %s}
        alerts:
          load_average: {high: 2, critical: 4}
        """
            .formatted(sandbox));

    HttpClient http = HttpClient.newHttpClient();
    try (Running running = serve(apiPort).start(new PrintWriter(new StringWriter()))) {
      // The startup run writes the rules file and reloads Prometheus, which then lists its group.
      Await.until(
          () -> {
            try {
              return http.send(
                      HttpRequest.newBuilder(URI.create(chain.prometheus() + "/api/v1/rules"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body()
                  .contains("\"name\":\"trueup-box\"");
            } catch (Exception e) {
              return false;
            }
          },
          "Prometheus to list the rules trueup wrote");
      assertThat(Files.readString(sandbox.resolve("etc/prometheus/rules/trueup-box.yml")))
          .contains("node_load5{node=\\\"box\\\"}");

      // Alertmanager's post without the shared secret is refused.
      HttpResponse<String> refused =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + apiPort + "/alerts/alertmanager"))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"alerts\":[]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);

      long crossed = System.nanoTime();
      load.set("5");
      Await.until(
          () -> slack.stream().anyMatch(s -> s.contains("load_average above 4 on box")),
          "the critical alert on the Slack fake");
      Duration took = Duration.ofNanos(System.nanoTime() - crossed);
      Await.until(
          () ->
              java.util.Arrays.stream(mail.getReceivedMessages())
                  .map(GreenMailUtil::getWholeMessage)
                  .anyMatch(m -> m.contains("[trueup critical] box: load_average above 4 on box")),
          "the critical alert by e-mail");
      System.out.println(
          "threshold crossed -> critical message delivered: " + took.toMillis() + " ms");
      // The high alert came too (its own group, its own post): serve took both, and the high one
      // waits for its hour's batch, so nothing of it reached a channel.
      Await.until(
          () -> accepted(http, apiPort) >= 2, "serve to take the high alert's post as well");
      assertThat(slack).noneMatch(s -> s.contains("load_average above 2 on box"));

      load.set("0.5");
      Await.until(
          () -> slack.stream().anyMatch(s -> s.contains("resolved: box: load_average above 4")),
          "the resolution on the Slack fake");
      assertThat(slack).noneMatch(s -> s.contains(token));
    }
  }
}
