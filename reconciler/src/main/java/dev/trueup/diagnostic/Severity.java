package dev.trueup.diagnostic;

/** How bad a diagnostic is: errors make a revision invalid (nothing is applied from it). */
public enum Severity {
  ERROR("error"),
  WARNING("warning");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
