package dev.trueup.model.value;

/** The transport protocol of a published port. */
public enum Protocol {
  TCP,
  UDP;

  /** The lower-case spelling docker and compose use. */
  public String text() {
    return name().toLowerCase();
  }
}
