package dev.trueup.model;

import java.util.Locale;

/** What the decision matrix does with a change of some class. */
public enum Verdict {
  /** Apply automatically; listed in the digest. */
  APPLY("apply automatically"),
  /** Apply to staging first, verify healthy, then hold production for approval. */
  STAGED("staging first, then approval for production"),
  /** Hold for a person's approval. */
  APPROVE("hold for approval"),
  /** Notify only; nothing is applied until a person decides. */
  NOTIFY("notify only");

  private final String meaning;

  Verdict(String meaning) {
    this.meaning = meaning;
  }

  public String meaning() {
    return meaning;
  }

  public String yaml() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Verdict fromYaml(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
