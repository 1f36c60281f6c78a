package dev.trueup.server;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the webhook listener checks and caps deliveries.
 *
 * @param secrets the secret per forge; a forge without one is refused (fail closed)
 * @param maxBodyBytes bodies longer than this are refused with 413 while reading (default 1 MiB)
 * @param branches the fully qualified branches a push may trigger ({@code refs/heads/main}); empty
 *     means any branch. Tags never trigger a branch sync.
 * @param repository the forge repository pushes and pull requests must name; any other is answered
 *     {@code ignored} and wakes nothing
 * @param maxClockSkew how old (or how far ahead) a generic delivery's timestamp may be
 * @param rememberedDeliveries how many delivery ids are kept for de-duplication
 * @param reads how bodies are admitted and how long they may take ({@link BodyAdmission})
 * @param queueCapacity triggers waiting for the sink; beyond that they are dropped (the next poll
 *     catches up) and the delivery is still answered 202
 */
public record WebhookConfig(
    Map<Forge, byte[]> secrets,
    long maxBodyBytes,
    Set<String> branches,
    SourceRepository repository,
    Duration maxClockSkew,
    int rememberedDeliveries,
    ReadLimits reads,
    int queueCapacity,
    Clock clock) {
  public static final long DEFAULT_MAX_BODY = 1024 * 1024;

  public WebhookConfig {
    EnumMap<Forge, byte[]> copy = new EnumMap<>(Forge.class);
    secrets.forEach(
        (f, s) -> {
          if (s != null && s.length > 0) {
            copy.put(f, s.clone());
          }
        });
    secrets = copy;
    branches = Set.copyOf(branches);
    for (String b : branches) {
      if (!b.startsWith("refs/heads/")) {
        throw new IllegalArgumentException("branch must be fully qualified (refs/heads/...): " + b);
      }
    }
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(reads, "reads");
  }

  /**
   * Defaults: 1 MiB bodies, any branch, no repository known (every push and pull request is ignored
   * until {@link #withRepository} names one), 5 minutes of skew, 10,000 remembered deliveries,
   * {@link ReadLimits#DEFAULT}.
   */
  public static WebhookConfig of(Map<Forge, String> secrets) {
    EnumMap<Forge, byte[]> bytes = new EnumMap<>(Forge.class);
    secrets.forEach((f, s) -> bytes.put(f, s == null ? null : s.getBytes(StandardCharsets.UTF_8)));
    return new WebhookConfig(
        bytes,
        DEFAULT_MAX_BODY,
        Set.of(),
        new SourceRepository.Unknown("no repository is configured"),
        Duration.ofMinutes(5),
        10_000,
        ReadLimits.DEFAULT,
        1_000,
        Clock.systemUTC());
  }

  public WebhookConfig withBranches(Set<String> branches) {
    return new WebhookConfig(
        secrets,
        maxBodyBytes,
        branches,
        repository,
        maxClockSkew,
        rememberedDeliveries,
        reads,
        queueCapacity,
        clock);
  }

  public WebhookConfig withRepository(SourceRepository repository) {
    return new WebhookConfig(
        secrets,
        maxBodyBytes,
        branches,
        repository,
        maxClockSkew,
        rememberedDeliveries,
        reads,
        queueCapacity,
        clock);
  }

  public WebhookConfig withMaxBodyBytes(long max) {
    return new WebhookConfig(
        secrets,
        max,
        branches,
        repository,
        maxClockSkew,
        rememberedDeliveries,
        reads,
        queueCapacity,
        clock);
  }

  public WebhookConfig withReads(ReadLimits reads) {
    return new WebhookConfig(
        secrets,
        maxBodyBytes,
        branches,
        repository,
        maxClockSkew,
        rememberedDeliveries,
        reads,
        queueCapacity,
        clock);
  }

  public WebhookConfig withClock(Clock clock) {
    return new WebhookConfig(
        secrets,
        maxBodyBytes,
        branches,
        repository,
        maxClockSkew,
        rememberedDeliveries,
        reads,
        queueCapacity,
        clock);
  }

  Optional<byte[]> secret(Forge forge) {
    return Optional.ofNullable(secrets.get(forge));
  }

  @Override
  public String toString() {
    // Never print the secrets.
    return "WebhookConfig[forges="
        + secrets.keySet()
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", repository="
        + repository.describe()
        + "]";
  }
}
