package dev.trueup.driver.docker;

/** A failure with a message meant for people. */
final class DockerApplyException extends Exception {
  DockerApplyException(String message) {
    super(message);
  }
}
