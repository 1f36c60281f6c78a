package dev.trueup.driver.host;

import dev.trueup.driver.host.model.LiveSecretFiles;
import dev.trueup.driver.host.model.LiveSecretFiles.Verdict;
import dev.trueup.live.LiveEntry;
import dev.trueup.model.Node;
import dev.trueup.model.SecretRef;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.NodeObserver;
import dev.trueup.observe.ObservationRequest;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.secrets.SecretDigest;
import dev.trueup.secrets.SecretNotFound;
import dev.trueup.secrets.SecretResolver;
import dev.trueup.secrets.SecretValue;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A host observer that also says whether each file that should hold a secret's value holds it: the
 * probe brings back the live file's SHA-256, this resolves the secret and compares, in memory, in
 * constant time. Neither the value nor its plain digest leaves this class; the plan learns "holds"
 * or "differs", with keyed digest prefixes of both sides ({@link SecretDigest}). A secret that
 * cannot be resolved is said so (by reference), and the file is left uncompared.
 */
public final class SecretFileObserving implements NodeObserver {
  private final NodeObserver files;
  private final SecretResolver secrets;
  private final SecretDigest digest;

  public SecretFileObserving(NodeObserver files, SecretResolver secrets) {
    this(files, secrets, SecretDigest.NONE);
  }

  /**
   * @param digest keys the digests a plan shows of both sides of a secret file that differs
   */
  public SecretFileObserving(NodeObserver files, SecretResolver secrets, SecretDigest digest) {
    this.files = files;
    this.secrets = secrets;
    this.digest = digest;
  }

  @Override
  public LiveNode observe(Node node, ObservationRequest request) {
    LiveNode live = files.observe(node, request);
    if (!live.observed() || request.secretFiles().isEmpty()) {
      return live;
    }
    Map<String, Verdict> verdicts = new TreeMap<>();
    request
        .secretFiles()
        .forEach((path, ref) -> verdicts.put(path, verdict(node, live, path, ref)));
    return live.with(new LiveSecretFiles(new TreeMap<>(verdicts)));
  }

  private Verdict verdict(Node node, LiveNode live, String path, SecretRef ref) {
    SecretValue value;
    try {
      value = secrets.resolve(node, ref);
    } catch (SecretNotFound e) {
      return new Verdict.Unresolvable(e.getMessage());
    } catch (RuntimeException e) {
      // A provider's own failure may quote what it read: name the reference and the kind only.
      return new Verdict.Unresolvable(
          "secret '" + ref.name() + "' cannot be resolved (" + e.getClass().getSimpleName() + ")");
    }
    String wanted = DesiredFile.sha256(value.revealBytes());
    if (!(live.paths().get(path) instanceof LiveEntry.File file)) {
      return new Verdict.Differs(digest.of(wanted), Optional.empty());
    }
    byte[] found;
    try {
      found = HexFormat.of().parseHex(file.sha256());
    } catch (IllegalArgumentException e) {
      return new Verdict.Differs(digest.of(wanted), Optional.empty());
    }
    return MessageDigest.isEqual(HexFormat.of().parseHex(wanted), found)
        ? new Verdict.Holds()
        : new Verdict.Differs(digest.of(wanted), digest.of(file.sha256()));
  }

  @Override
  public void close() {
    files.close();
  }
}
