package dev.trueup.engine;

import dev.trueup.model.DesiredState;
import dev.trueup.model.SecretProvider;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Drivers kept across serve's cycles, so a node's SSH connection (and its container engine's
 * client) is opened once and reused by every later plan, apply and drift check. The SSH observer
 * already reconnects when a node's connection settings change or a kept connection died; the
 * drivers are rebuilt only when the secret providers they resolve credentials through change.
 * Callers get a view whose {@code close()} leaves the drivers open; {@link #close()} closes them.
 */
public final class DriverCache implements Function<DesiredState, Drivers>, AutoCloseable {
  private final Function<DesiredState, Drivers> factory;
  private Drivers current;
  private Map<String, List<Object>> providers;

  public DriverCache(Function<DesiredState, Drivers> factory) {
    this.factory = factory;
  }

  @Override
  public synchronized Drivers apply(DesiredState state) {
    Map<String, List<Object>> now = settings(state.secretProviders());
    if (current == null || !now.equals(providers)) {
      if (current != null) {
        current.close();
      }
      current = factory.apply(state);
      providers = now;
    }
    return current.keptOpen();
  }

  /** What a provider resolves with; where it is written in fleet.yaml does not matter. */
  private static Map<String, List<Object>> settings(Map<String, SecretProvider> providers) {
    Map<String, List<Object>> out = new TreeMap<>();
    providers.forEach((name, p) -> out.put(name, List.of(p.type(), p.settings())));
    return out;
  }

  @Override
  public synchronized void close() {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
