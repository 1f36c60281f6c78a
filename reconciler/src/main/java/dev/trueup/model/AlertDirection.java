package dev.trueup.model;

/** Whether a metric alerts when it rises above its levels or falls below them. */
public enum AlertDirection {
  ABOVE(">"),
  BELOW("<");

  private final String operator;

  AlertDirection(String operator) {
    this.operator = operator;
  }

  /** The PromQL comparison that fires the alert. */
  public String operator() {
    return operator;
  }

  /** Whether {@code worse} is strictly more severe than {@code milder} in this direction. */
  public boolean isMoreSevere(double worse, double milder) {
    return this == ABOVE ? worse > milder : worse < milder;
  }
}
