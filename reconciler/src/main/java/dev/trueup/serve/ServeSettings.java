package dev.trueup.serve;

import dev.trueup.engine.Drivers;
import dev.trueup.model.DesiredState;
import dev.trueup.server.Forge;
import dev.trueup.server.SourceRepository;
import dev.trueup.source.GitSourceSpec;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code trueup serve} runs with, every value already parsed and checked (the command line
 * makes it; {@link Serve#start} runs it). Secrets are held as given and never printed: {@link
 * #toString()} leaves them out.
 *
 * @param source where the desired state comes from
 * @param poll the interval between polls (jittered by ±10%)
 * @param lease how long a run may go without a heartbeat before another declares it killed
 * @param driftEvery the drift schedule, if on; {@code driftOut} where its reports are written
 * @param healthEvery how often the services' health checks are sampled, if at all
 * @param notifyEvery how often the outbox is delivered, if at all
 * @param apiAddress health, metrics and API; {@code webhookAddress} the webhook listener
 * @param apiToken the API bearer token; without it {@code /api/v1} is off
 * @param alertToken the bearer token Alertmanager posts fired alerts with; without it {@code
 *     /alerts/alertmanager} refuses every post
 * @param dashboardUsers the dashboard's users beside the API token (admin): {@code name role token}
 *     per line
 * @param webhookSecrets each forge's webhook secret; a forge without one is refused
 * @param webhookRepository the forge repository whose pushes and pull requests are the source's
 * @param reports where pull-request reports go
 * @param maxFailedNodes failed nodes a rollout tolerates: it stops starting nodes once more have
 *     failed
 * @param closeWait how long stopping waits for the cycle in flight
 * @param drivers the drivers every cycle keeps open ({@link Drivers#standard})
 */
public record ServeSettings(
    Source source,
    Duration poll,
    Duration lease,
    Optional<Duration> driftEvery,
    Optional<Path> driftOut,
    Optional<Duration> healthEvery,
    Optional<Duration> notifyEvery,
    InetSocketAddress apiAddress,
    InetSocketAddress webhookAddress,
    Optional<String> apiToken,
    Optional<String> alertToken,
    Optional<Path> dashboardUsers,
    Map<Forge, String> webhookSecrets,
    SourceRepository webhookRepository,
    Reports reports,
    int parallelism,
    int maxFailedNodes,
    Duration closeWait,
    Function<DesiredState, Drivers> drivers) {

  public ServeSettings {
    Objects.requireNonNull(source, "source");
    webhookSecrets = Map.copyOf(webhookSecrets);
  }

  /** Where the desired state comes from. */
  public sealed interface Source {
    /** A plain directory: every poll reconciles it (there is no history to settle against). */
    record Directory(Path dir) implements Source {}

    /** One ref of a Git repository: a revision runs once, as the ledger decides. */
    record Git(GitSourceSpec spec) implements Source {}
  }

  /**
   * Where pull-request reports go (with a Git source).
   *
   * @param archive the drift-reports directory, if any
   * @param api the forge's API base URL; without it (or a token) nothing is posted
   * @param project OWNER/REPO (GitLab: the project path or id); else the one the webhook names
   * @param token the forge API token
   * @param reportUrl the status link, if reports are published somewhere
   */
  public record Reports(
      Optional<Path> archive,
      Optional<String> api,
      Optional<String> project,
      Optional<String> token,
      Optional<String> reportUrl) {
    @Override
    public String toString() {
      return "Reports[archive=%s, api=%s, project=%s, token=%s, reportUrl=%s]"
          .formatted(archive, api, project, token.map(t -> "[secret]"), reportUrl);
    }
  }

  @Override
  public String toString() {
    return "ServeSettings[source=%s, poll=%s, lease=%s, driftEvery=%s, notifyEvery=%s, api=%s,"
            .formatted(source, poll, lease, driftEvery, notifyEvery, apiAddress)
        + " webhooks=%s, apiToken=%s, alertToken=%s, webhookSecrets=%s, reports=%s,"
            .formatted(
                webhookAddress,
                apiToken.map(t -> "[secret]"),
                alertToken.map(t -> "[secret]"),
                webhookSecrets.keySet(),
                reports)
        + " parallelism=%d]".formatted(parallelism);
  }
}
