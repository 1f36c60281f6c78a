package dev.trueup.driver.kubernetes;

import io.fabric8.kubernetes.client.OAuthTokenProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A bearer token read from a file on every request. Projected service-account tokens are rotated by
 * the kubelet (hourly by default) and a kubeconfig's {@code tokenFile} may be rewritten by a
 * credential helper; a token read once at start would expire under a long-running serve. The file
 * is a few hundred bytes, so reading it costs far less than the request it authorizes.
 */
final class TokenFile implements OAuthTokenProvider {
  private static final int MAX_BYTES = 64 * 1024;

  private final Path file;
  private volatile String lastGood = "";

  private TokenFile(Path file) {
    this.file = file;
  }

  /**
   * The provider for {@code file}, checked now so that an unreadable or empty token makes the
   * cluster unreachable with a reason before any request.
   *
   * @throws KubeconfigRefused when the file cannot be read or holds no token
   */
  static TokenFile checked(Path file, String what) {
    TokenFile tokens = new TokenFile(file);
    String token;
    try {
      token = tokens.read();
    } catch (IOException e) {
      throw new KubeconfigRefused(
          what + ": token file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (token.isEmpty()) {
      throw new KubeconfigRefused(what + ": token file " + file + " is empty");
    }
    tokens.lastGood = token;
    return tokens;
  }

  /**
   * The file's token now; the last one read if the file is momentarily missing or empty (a rotation
   * swaps a symlink), so that the server, not a local race, decides whether it is valid.
   */
  @Override
  public String getToken() {
    try {
      String token = read();
      if (!token.isEmpty()) {
        lastGood = token;
        return token;
      }
    } catch (IOException e) {
      // keep the last token: a rotation in progress, or the server will refuse it (401)
    }
    return lastGood;
  }

  private String read() throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new IOException("larger than " + MAX_BYTES + " bytes");
    }
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
  }
}
