package dev.trueup.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.DesiredState;
import dev.trueup.model.Notifications;
import dev.trueup.model.Policy;
import dev.trueup.model.SecretProvider;
import dev.trueup.testing.TestNodes;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Serve's drivers outlive a cycle; they are rebuilt only when credentials come from elsewhere. */
class DriverCacheTest {
  private final List<String> events = new ArrayList<>();

  private Drivers made(DesiredState state) {
    int n = events.size();
    events.add("made " + n);
    return new Drivers(Map.of()) {
      @Override
      public void close() {
        events.add("closed " + n);
      }
    };
  }

  private static DesiredState state(Map<String, SecretProvider> providers) {
    return new DesiredState(
        "f",
        ZoneOffset.UTC,
        List.of("development"),
        providers,
        new TreeMap<>(),
        Policy.defaults(),
        Notifications.none());
  }

  @Test
  void cyclesShareOneSetOfDriversUntilTheSecretProvidersChange() {
    DesiredState a = state(Map.of());
    try (DriverCache cache = new DriverCache(this::made)) {
      cache.apply(a).close();
      cache.apply(state(Map.of())).close();
      assertThat(events)
          .as("a run closing its view leaves the drivers open")
          .containsExactly("made 0");

      SecretProvider files =
          new SecretProvider("files", "files", Map.of("directory", "/etc/trueup"), TestNodes.HERE);
      cache.apply(state(Map.of("files", files)));
      SecretProvider moved =
          new SecretProvider(
              "files",
              "files",
              Map.of("directory", "/etc/trueup"),
              dev.trueup.model.Origins.of(
                  dev.trueup.diagnostic.SourceLocation.ofFile("fleet.yaml")));
      cache.apply(state(Map.of("files", moved)));
      assertThat(events).containsExactly("made 0", "closed 0", "made 2");
    }
    assertThat(events).last().isEqualTo("closed 2");
  }
}
