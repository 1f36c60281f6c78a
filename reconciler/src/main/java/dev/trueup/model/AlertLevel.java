package dev.trueup.model;

/** Alert levels as seed 000 defines them, with how soon a person hears about each. */
public enum AlertLevel {
  LOW("low", "weekly summary"),
  MEDIUM("medium", "daily digest"),
  HIGH("high", "within the hour"),
  CRITICAL("critical", "at once");

  private final String yaml;
  private final String delivery;

  AlertLevel(String yaml, String delivery) {
    this.yaml = yaml;
    this.delivery = delivery;
  }

  public String yaml() {
    return yaml;
  }

  public String delivery() {
    return delivery;
  }
}
