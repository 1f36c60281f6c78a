package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.trueup.model.AlertLevel;
import dev.trueup.store.Store;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trueup notify --deliver} flushes the outbox once to the channels of fleet.yaml. */
class NotifyCommandTest {
  @TempDir Path repo;
  @TempDir Path store;

  @Test
  void deliversTheDueMessagesOnce() throws Exception {
    List<String> got = Collections.synchronizedList(new ArrayList<>());
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/slack",
        ex -> {
          got.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    http.start();
    try {
      Files.writeString(
          repo.resolve("fleet.yaml"),
          """
          fleet: cli
          environments: [production]
          notifications:
            channels:
              ops-slack: {type: slack, url: "http://127.0.0.1:%d/slack"}
            routes:
              critical: [ops-slack]
          """
              .formatted(http.getAddress().getPort()));
      try (Store s = Store.openEmbedded(store)) {
        s.outbox()
            .enqueue(
                AlertLevel.CRITICAL,
                "ops-slack",
                "k1",
                "[trueup critical] aurora: apply failed",
                "{\"subject\":\"s\",\"text\":\"t\",\"slack\":\"aurora: apply"
                    + " failed\",\"data\":{}}");
      }
      var first =
          CliRunner.run(
              "notify", "--deliver", "--repo", repo.toString(), "--store", store.toString());
      assertThat(first.out()).contains("Sent 1 notification(s); 0 failed");
      assertThat(got).containsExactly("{\"text\":\"aurora: apply failed\"}");
      var second =
          CliRunner.run(
              "notify", "--deliver", "--repo", repo.toString(), "--store", store.toString());
      assertThat(second.out()).contains("Sent 0 notification(s)");
    } finally {
      http.stop(0);
    }
  }
}
