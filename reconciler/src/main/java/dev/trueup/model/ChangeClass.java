package dev.trueup.model;

import java.util.Locale;

/** The class of a change, weakest first: a change takes the strongest class any rule gives it. */
public enum ChangeClass {
  BUGFIX,
  MINOR,
  MAJOR,
  ARCHITECTURE,
  BUSINESS;

  public String yaml() {
    return name().toLowerCase(Locale.ROOT);
  }

  public ChangeClass strongest(ChangeClass other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  public static ChangeClass fromYaml(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
