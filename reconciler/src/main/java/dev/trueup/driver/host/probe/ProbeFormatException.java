package dev.trueup.driver.host.probe;

/** The probe's output did not follow its format: truncated, or not the probe that answered. */
public final class ProbeFormatException extends RuntimeException {
  public ProbeFormatException(String message) {
    super(message);
  }
}
