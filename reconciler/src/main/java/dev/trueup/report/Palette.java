package dev.trueup.report;

/** ANSI colour for terminals; the plain palette writes nothing extra (files, pipes, NO_COLOR). */
public enum Palette {
  PLAIN,
  ANSI;

  public String red(String s) {
    return wrap("31", s);
  }

  public String yellow(String s) {
    return wrap("33", s);
  }

  public String green(String s) {
    return wrap("32", s);
  }

  public String bold(String s) {
    return wrap("1", s);
  }

  public String dim(String s) {
    return wrap("2", s);
  }

  /** The palette's name as the API spells it ({@code ?palette=ansi}). */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static java.util.Optional<Palette> byId(String id) {
    for (Palette p : values()) {
      if (p.id().equals(id)) {
        return java.util.Optional.of(p);
      }
    }
    return java.util.Optional.empty();
  }

  private String wrap(String code, String s) {
    return this == ANSI ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }

  /**
   * Colour only on an interactive terminal (the launcher tells, as {@code -Dtrueup.tty=true}, since
   * Java 21 cannot), and never when NO_COLOR is set.
   */
  public static Palette detect() {
    boolean tty = Boolean.getBoolean("trueup.tty");
    String noColor = System.getenv("NO_COLOR");
    return tty && (noColor == null || noColor.isEmpty()) ? ANSI : PLAIN;
  }
}
