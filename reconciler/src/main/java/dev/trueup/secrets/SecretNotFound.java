package dev.trueup.secrets;

/**
 * A secret reference that could not be resolved. The message names the reference, the node and
 * where the value was looked for; it never holds a value.
 */
public final class SecretNotFound extends RuntimeException {

  public SecretNotFound(String message) {
    super(message);
  }

  public SecretNotFound(String message, Throwable cause) {
    // The cause is kept for its type only: an I/O message may quote file content.
    super(message + " (" + cause.getClass().getSimpleName() + ")");
  }
}
