package dev.trueup.driver.kubernetes;

import dev.trueup.driver.Driver;
import dev.trueup.driver.Sides;
import dev.trueup.driver.kubernetes.model.ConflictPolicy;
import dev.trueup.driver.kubernetes.model.DesiredNamespace;
import dev.trueup.driver.kubernetes.model.KubeChange;
import dev.trueup.driver.kubernetes.model.KubeDiff;
import dev.trueup.driver.kubernetes.model.KubeOutcome;
import dev.trueup.driver.kubernetes.model.KubernetesTarget;
import dev.trueup.driver.kubernetes.model.LiveNamespace;
import dev.trueup.live.Reachability;
import dev.trueup.model.ClusterAccess;
import dev.trueup.model.Connection;
import dev.trueup.model.Node;
import dev.trueup.model.SecretRef;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.NodeObserver;
import dev.trueup.observe.ObservationRequest;
import dev.trueup.secrets.KubernetesSecrets;
import dev.trueup.secrets.SecretNotFound;
import dev.trueup.secrets.SecretResolver;
import dev.trueup.secrets.SecretValue;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The kubernetes driver as the pipeline sees it: observes a node's namespace ({@link KubeObserver})
 * and applies a plan's object changes ({@link KubeApplier}). Before any request the kubeconfig is
 * checked ({@link KubeClientFactory}: named context, no exec credential plugin unless allowed) and
 * the API server's host is put to {@code hostRefusal} (documentation ranges, loopback-only mode): a
 * refused node is reported unreachable with the reason and never contacted.
 *
 * <p>Writes go through {@link KubeWriter#serverSideApply()} with field manager {@code trueup} and
 * conflict policy {@link ConflictPolicy#REPORT} (never forced): a field another manager owns makes
 * that object's change fail, naming the manager. {@link #forTests} swaps in {@link
 * KubeWriter#createOrUpdate()}, the stand-in for fabric8's mock server, which cannot do server-side
 * apply; it is used by tests only.
 */
public final class KubernetesDriver implements NodeObserver, KubernetesSecrets {

  private final KubeClientFactory factory;
  private final Function<String, Optional<String>> hostRefusal;
  private final KubeWriter writer;
  private final ConflictPolicy policy;

  public KubernetesDriver(
      KubeClientFactory factory,
      Function<String, Optional<String>> hostRefusal,
      KubeWriter writer,
      ConflictPolicy policy) {
    this.factory = factory;
    this.hostRefusal = hostRefusal;
    this.writer = writer;
    this.policy = policy;
  }

  /**
   * What trueup uses against a cluster: server-side apply, conflicts reported, never forced. The
   * loopback-only rule is {@code hostRefusal}'s (the engine's address guard, which names a
   * documentation address as such before it applies the loopback rule).
   */
  public static KubernetesDriver standard(Function<String, Optional<String>> hostRefusal) {
    return new KubernetesDriver(
        unguardedFactory(), hostRefusal, KubeWriter.serverSideApply(), ConflictPolicy.REPORT);
  }

  /** For fabric8's mock server only: create-or-update instead of server-side apply. */
  public static KubernetesDriver forTests(Function<String, Optional<String>> hostRefusal) {
    return new KubernetesDriver(
        unguardedFactory(), hostRefusal, KubeWriter.createOrUpdate(), ConflictPolicy.REPORT);
  }

  private static KubeClientFactory unguardedFactory() {
    return new KubeClientFactory(
        KubeClientFactory.CONNECT_TIMEOUT, KubeClientFactory.REQUEST_TIMEOUT, false);
  }

  /** The driver's target for a connection. */
  public static KubernetesTarget target(Connection.Kubernetes k) {
    return new KubernetesTarget(k.access(), k.namespace());
  }

  /**
   * This driver as both sides for the kubernetes nodes: itself to observe, {@link
   * KubernetesApplying} to write, resolving secret values through {@code secrets} at write time.
   */
  public Driver sides(SecretResolver secrets) {
    return new Sides("kubernetes", this, new KubernetesApplying(this, secrets));
  }

  @Override
  public LiveNode observe(Node node, ObservationRequest request) {
    Config config;
    try {
      config = checked(node);
    } catch (KubeconfigRefused e) {
      return LiveNode.unreachable(node.name(), new Reachability.Unreachable(e.getMessage()));
    }
    String namespace = config.getNamespace();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      LiveNamespace live = new KubeObserver(client, namespace).observe(node.name());
      return LiveNode.unreachable(node.name(), new Reachability.Observed()).with(live);
    } catch (KubernetesClientException e) {
      return LiveNode.unreachable(node.name(), new Reachability.Unreachable(describe(config, e)));
    }
  }

  /**
   * Applies the changes of {@code desired} whose display ids ({@code Kind/name}) are in {@code
   * ids}, re-observed and re-diffed right before writing.
   *
   * @throws KubeconfigRefused when the node may not or cannot be contacted (nothing was sent)
   * @throws KubernetesClientException when the namespace cannot be read
   */
  public List<KubeOutcome> apply(
      Node node,
      DesiredNamespace desired,
      Set<String> ids,
      Function<SecretRef, SecretValue> secrets) {
    Config config = checked(node);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      LiveNamespace live = new KubeObserver(client, config.getNamespace()).observe(node.name());
      List<KubeChange> changes =
          KubeDiff.diff(desired, live).stream()
              .filter(c -> ids.contains(c.key().toString()))
              .toList();
      return new KubeApplier(client, config.getNamespace(), writer)
          .apply(desired, live, changes, secrets, policy);
    }
  }

  /**
   * The {@code kubernetes} secret provider's lookup: one GET of the Secret, subject to the same
   * kubeconfig and address checks as a node (exec credentials refused: the provider has no switch).
   */
  @Override
  public Optional<byte[]> read(ClusterAccess access, String namespace, String secret, String key) {
    Config config;
    try {
      config = checked(new KubernetesTarget(access, namespace));
    } catch (KubeconfigRefused | IllegalArgumentException e) {
      throw new SecretNotFound(e.getMessage());
    }
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      Secret found = client.secrets().inNamespace(namespace).withName(secret).get();
      if (found == null) {
        return Optional.empty();
      }
      Map<String, String> data = found.getData();
      if (data != null && data.get(key) != null) {
        return Optional.of(Base64.getDecoder().decode(data.get(key)));
      }
      Map<String, String> text = found.getStringData();
      if (text != null && text.get(key) != null) {
        return Optional.of(text.get(key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return Optional.empty();
    } catch (KubernetesClientException e) {
      // The code only: a server's message about a Secret could quote content.
      throw new SecretNotFound(describe(config, e));
    }
  }

  /** Why the node may not be contacted, if so; reads the kubeconfig, contacts nothing. */
  public Optional<String> refusal(Node node) {
    try {
      checked(node);
      return Optional.empty();
    } catch (KubeconfigRefused e) {
      return Optional.of(e.getMessage());
    }
  }

  private Config checked(Node node) {
    if (!(node.connection() instanceof Connection.Kubernetes k)) {
      throw new KubeconfigRefused("node '" + node.name() + "' is not a kubernetes node");
    }
    return checked(target(k));
  }

  Config checked(KubernetesTarget target) {
    Config config = factory.config(target);
    String host = host(config.getMasterUrl());
    if (host == null) {
      throw new KubeconfigRefused(
          target.access().describe() + " names no usable API server address");
    }
    Optional<String> refused = hostRefusal.apply(host);
    if (refused.isPresent()) {
      throw new KubeconfigRefused(
          "kubernetes API server of " + target.access().describe() + ": " + refused.get());
    }
    return config;
  }

  private static String host(String url) {
    if (url == null) {
      return null;
    }
    try {
      String h = URI.create(url).getHost();
      return h != null && h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String describe(Config config, KubernetesClientException e) {
    return "kubernetes API "
        + config.getMasterUrl()
        + ": "
        + (e.getCode() > 0 ? "HTTP " + e.getCode() : e.getClass().getSimpleName())
        + (e.getCode() == 401 || e.getCode() == 403 ? " (credentials refused)" : "");
  }
}
