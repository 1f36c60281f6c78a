package dev.trueup.secrets;

import dev.trueup.model.ClusterAccess;
import dev.trueup.model.Node;
import dev.trueup.model.SecretBinding;
import dev.trueup.model.SecretProvider;
import dev.trueup.model.SecretRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Turns a secret reference into its value for one node: the node's binding (already the most
 * specific of node, group and fleet) names a provider of the fleet and a key in it.
 *
 * <p>Providers: {@code env} reads variable {@code prefix + key} from the environment it was given
 * (the process environment in production, a map in tests); {@code files} reads {@code
 * directory/key}, refusing keys that leave the directory and symlinks.
 */
public final class SecretResolver {

  private final Map<String, SecretProvider> providers;
  private final Map<String, String> environment;
  private final KubernetesSecrets kubernetes;
  private final SecretDigest digest;

  public SecretResolver(Map<String, SecretProvider> providers, Map<String, String> environment) {
    this(providers, environment, KubernetesSecrets.NONE);
  }

  /**
   * @param kubernetes how {@code kubernetes} providers read a cluster's Secrets
   */
  public SecretResolver(
      Map<String, SecretProvider> providers,
      Map<String, String> environment,
      KubernetesSecrets kubernetes) {
    this(providers, environment, kubernetes, digestFrom(environment));
  }

  private SecretResolver(
      Map<String, SecretProvider> providers,
      Map<String, String> environment,
      KubernetesSecrets kubernetes,
      SecretDigest digest) {
    this.providers = Map.copyOf(providers);
    this.environment = Map.copyOf(environment);
    this.kubernetes = kubernetes;
    this.digest = digest;
  }

  /** A given environment keys digests only when it names a key: tests never touch a home. */
  private static SecretDigest digestFrom(Map<String, String> environment) {
    return environment.containsKey(SecretDigest.VARIABLE)
        ? SecretDigest.installation(environment)
        : SecretDigest.NONE;
  }

  /** What keys the digests plans show of secret files: the installation's key. */
  public SecretDigest digest() {
    return digest;
  }

  /** A resolver over the process environment. */
  public static SecretResolver of(Map<String, SecretProvider> providers) {
    return of(providers, KubernetesSecrets.NONE);
  }

  /** A resolver over the process environment that can read Kubernetes Secrets. */
  public static SecretResolver of(
      Map<String, SecretProvider> providers, KubernetesSecrets kubernetes) {
    return new SecretResolver(providers, System.getenv(), kubernetes, SecretDigest.installation());
  }

  public SecretValue resolve(Node node, SecretRef ref) {
    SecretBinding binding = node.secrets().get(ref.name());
    String what = "secret '" + ref.name() + "' for node '" + node.name() + "'";
    if (binding == null) {
      throw new SecretNotFound(what + ": no binding (declare it under secrets: in fleet.yaml)");
    }
    SecretProvider provider = providers.get(binding.provider());
    if (provider == null) {
      throw new SecretNotFound(what + ": provider '" + binding.provider() + "' is not declared");
    }
    return switch (provider.type()) {
      case "env" -> fromEnvironment(what, provider, binding.key());
      case "files" -> fromFile(what, provider, binding.key());
      case "kubernetes" -> fromKubernetes(what, provider, binding.key());
      default ->
          throw new SecretNotFound(
              what + ": provider type '" + provider.type() + "' is not supported here");
    };
  }

  private SecretValue fromEnvironment(String what, SecretProvider provider, String key) {
    String variable = provider.settings().getOrDefault("prefix", "") + key;
    String value = environment.get(variable);
    if (value == null) {
      throw new SecretNotFound(what + ": environment variable " + variable + " is not set");
    }
    return SecretValue.of(value);
  }

  private SecretValue fromKubernetes(String what, SecretProvider provider, String key) {
    int slash = key.indexOf('/');
    if (slash <= 0 || slash == key.length() - 1 || key.indexOf('/', slash + 1) >= 0) {
      throw new SecretNotFound(
          what + ": key '" + key + "' is not secret-name/data-key (kubernetes provider)");
    }
    String namespace = provider.settings().get("namespace");
    String context = provider.settings().get("context");
    boolean inCluster = "true".equals(provider.settings().get("inCluster"));
    if (namespace == null || (context == null && !inCluster)) {
      throw new SecretNotFound(
          what
              + ": provider '"
              + provider.name()
              + "' needs a namespace and a context (or inCluster: true)");
    }
    ClusterAccess access =
        inCluster
            ? new ClusterAccess.InCluster()
            : new ClusterAccess.Kubeconfig(
                provider
                    .settings()
                    .getOrDefault("kubeconfig", ClusterAccess.Kubeconfig.DEFAULT_FILE),
                context,
                false);
    String secret = key.substring(0, slash);
    String dataKey = key.substring(slash + 1);
    byte[] value;
    try {
      value =
          kubernetes
              .read(access, namespace, secret, dataKey)
              .orElseThrow(
                  () ->
                      new SecretNotFound(
                          what
                              + ": Secret "
                              + namespace
                              + "/"
                              + secret
                              + " has no key '"
                              + dataKey
                              + "' (or does not exist)"));
    } catch (SecretNotFound e) {
      if (e.getMessage().startsWith(what)) {
        throw e;
      }
      throw new SecretNotFound(what + ": " + e.getMessage());
    }
    return SecretValue.of(value);
  }

  private static SecretValue fromFile(String what, SecretProvider provider, String key) {
    String dir = provider.settings().get("directory");
    if (dir == null || dir.isBlank()) {
      throw new SecretNotFound(what + ": provider '" + provider.name() + "' has no directory");
    }
    Path directory = Path.of(dir).toAbsolutePath().normalize();
    Path file = directory.resolve(key).normalize();
    if (!file.getParent().equals(directory) || key.contains("/")) {
      throw new SecretNotFound(what + ": key '" + key + "' is not a plain file name in " + dir);
    }
    if (Files.isSymbolicLink(file)) {
      // A link could point anywhere (another user's key, /proc/...): refused, not followed.
      throw new SecretNotFound(what + ": " + file + " is a symlink; secrets must be plain files");
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new SecretNotFound(what + ": file " + file + " does not exist");
    }
    try {
      return SecretValue.of(withoutTrailingNewline(Files.readAllBytes(file)));
    } catch (NoSuchFileException e) {
      throw new SecretNotFound(what + ": file " + file + " does not exist");
    } catch (IOException e) {
      throw new SecretNotFound(what + ": file " + file + " cannot be read", e);
    }
  }

  /** Editors and {@code echo} add one newline; a second one is kept as part of the value. */
  private static byte[] withoutTrailingNewline(byte[] bytes) {
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
      if (end > 0 && bytes[end - 1] == '\r') {
        end--;
      }
    }
    return Arrays.copyOf(bytes, end);
  }
}
