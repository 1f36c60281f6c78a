package dev.trueup.diff;

import java.util.Locale;

/** What a change does to a resource, with the symbol plans print (Terraform's, plus ±). */
public enum Action {
  CREATE("+"),
  UPDATE("~"),
  /** Something of another type is in the way (a directory where a file goes, a symlink). */
  REPLACE("±"),
  DELETE("-");

  private final String symbol;

  Action(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Action fromJson(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
