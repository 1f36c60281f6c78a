package dev.trueup.driver.kubernetes;

import dev.trueup.driver.kubernetes.model.KubernetesTarget;
import dev.trueup.model.ClusterAccess;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds a fabric8 client for one {@link KubernetesTarget}, from exactly the access desired state
 * names and nothing else (no environment variables or system properties of fabric8's own): either
 * the named context of the named kubeconfig file (never the file's current-context by default; exec
 * credential plugins refused unless allowed; a user's {@code tokenFile} read on every request) or,
 * with {@code inCluster: true}, the pod's service account. Every request has a timeout.
 */
public final class KubeClientFactory {

  /** Defaults: connecting should be quick; a list of a namespace's objects a little slower. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern LOOPBACK =
      Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|::1|\\[::1]|(?i)localhost");

  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final boolean loopbackOnly;
  private final ServiceAccount pod;

  public KubeClientFactory(Duration connectTimeout, Duration requestTimeout, boolean loopbackOnly) {
    this(connectTimeout, requestTimeout, loopbackOnly, ServiceAccount.ofThisPod());
  }

  /** With the in-cluster service account read from {@code pod} (tests give a fake one). */
  public KubeClientFactory(
      Duration connectTimeout, Duration requestTimeout, boolean loopbackOnly, ServiceAccount pod) {
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.loopbackOnly = loopbackOnly;
    this.pod = pod;
  }

  /** Default timeouts; loopback-only when {@code TRUEUP_LOOPBACK_ONLY} is set (tests, demos). */
  public static KubeClientFactory standard() {
    String v = System.getenv("TRUEUP_LOOPBACK_ONLY");
    boolean loopback = v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
    return new KubeClientFactory(CONNECT_TIMEOUT, REQUEST_TIMEOUT, loopback);
  }

  /** The client for a target. Nothing is contacted until the first request. */
  public KubernetesClient connect(KubernetesTarget target) {
    return new KubernetesClientBuilder().withConfig(config(target)).build();
  }

  /**
   * The checked client configuration of a target (reads the kubeconfig or the service account's
   * files, contacts nothing).
   *
   * @throws KubeconfigRefused when the access cannot or may not be used (the message says why)
   */
  public Config config(KubernetesTarget target) {
    Config config =
        switch (target.access()) {
          case ClusterAccess.Kubeconfig k -> fromKubeconfig(k);
          case ClusterAccess.InCluster in -> pod.config(in.describe());
        };
    if (loopbackOnly) {
      String host = hostOf(config.getMasterUrl());
      if (host == null || !LOOPBACK.matcher(host).matches()) {
        throw new KubeconfigRefused(
            target.access().describe()
                + " points at "
                + config.getMasterUrl()
                + ", which is not a loopback address, and TRUEUP_LOOPBACK_ONLY is set");
      }
    }
    config.setNamespace(target.namespace());
    config.setConnectionTimeout(Math.toIntExact(connectTimeout.toMillis()));
    config.setRequestTimeout(Math.toIntExact(requestTimeout.toMillis()));
    config.setRequestRetryBackoffLimit(0);
    return config;
  }

  private static Config fromKubeconfig(ClusterAccess.Kubeconfig target) {
    Path file = home(target.file());
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new KubeconfigRefused(
          "kubeconfig " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    io.fabric8.kubernetes.api.model.Config parsed;
    try {
      parsed = KubeConfigUtils.parseConfigFromString(text);
    } catch (RuntimeException e) {
      throw new KubeconfigRefused("kubeconfig " + file + " is not a valid kubeconfig");
    }
    NamedContext context =
        find(parsed.getContexts(), NamedContext::getName, target.context())
            .orElseThrow(
                () ->
                    new KubeconfigRefused(
                        "kubeconfig " + file + " has no context '" + target.context() + "'"));
    String userName = context.getContext() == null ? null : context.getContext().getUser();
    Optional<AuthInfo> user =
        userName == null
            ? Optional.empty()
            : find(parsed.getUsers(), NamedAuthInfo::getName, userName).map(NamedAuthInfo::getUser);
    if (user.isPresent() && user.get().getExec() != null && !target.allowExecCredentials()) {
      throw new KubeconfigRefused(
          "context '"
              + target.context()
              + "' in "
              + file
              + " authenticates user '"
              + userName
              + "' with an exec credential plugin (command '"
              + user.get().getExec().getCommand()
              + "'); trueup does not run programs named in a kubeconfig unless the node allows"
              + " exec credentials (allowExecCredentials)");
    }
    if (user.isPresent() && user.get().getAuthProvider() != null) {
      throw new KubeconfigRefused(
          "context '"
              + target.context()
              + "' in "
              + file
              + " uses a legacy auth-provider; use a token, a client certificate or (if allowed)"
              + " an exec plugin");
    }
    String clusterName = context.getContext() == null ? null : context.getContext().getCluster();
    find(parsed.getClusters(), NamedCluster::getName, clusterName)
        .map(NamedCluster::getCluster)
        .orElseThrow(
            () ->
                new KubeconfigRefused(
                    "context '"
                        + target.context()
                        + "' in "
                        + file
                        + " names cluster '"
                        + clusterName
                        + "', which the file does not define"));
    Config config = Config.fromKubeconfig(target.context(), text, file.toString());
    String tokenFile = user.map(AuthInfo::getTokenFile).orElse(null);
    if (tokenFile != null && !tokenFile.isBlank()) {
      // client-go's rule: the file's token, re-read, wins over a token written inline.
      Path tokens = file.toAbsolutePath().getParent().resolve(home(tokenFile));
      config.setOauthTokenProvider(
          TokenFile.checked(tokens, "context '" + target.context() + "' in " + file));
    }
    return config;
  }

  /** {@code ~/} is the home directory of the user trueup runs as. */
  private static Path home(String file) {
    return file.startsWith("~/")
        ? Path.of(System.getProperty("user.home"), file.substring(2))
        : Path.of(file);
  }

  private static String hostOf(String server) {
    if (server == null) {
      return null;
    }
    try {
      return URI.create(server).getHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static <T> Optional<T> find(
      java.util.List<T> items, java.util.function.Function<T, String> name, String wanted) {
    if (items == null || wanted == null) {
      return Optional.empty();
    }
    return items.stream().filter(i -> wanted.equals(name.apply(i))).findFirst();
  }
}
