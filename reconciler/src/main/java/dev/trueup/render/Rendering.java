package dev.trueup.render;

/** The outcome of one rendering: the text, or why there is none and where in which template. */
public sealed interface Rendering {

  /** The rendered text. */
  record Rendered(String text) implements Rendering {}

  /**
   * No text.
   *
   * @param template the template's path: its directory and name ({@code templates/app.env.ftl})
   * @param line 1-based, or 0 when the problem is the template as a whole (not found)
   */
  record Failed(Problem problem, String template, int line, int column, String message)
      implements Rendering {

    /** {@code template templates/app.env.ftl, line 7, column 12: message}. */
    public String describe() {
      String where = "template " + template;
      return line > 0
          ? where + ", line " + line + ", column " + column + ": " + message
          : where + ": " + message;
    }
  }

  /** What kind of failure, with the diagnostic code validation reports it under. */
  enum Problem {
    /** The template is wrong: syntax, a missing variable, a wrong type, a missing include. */
    ERROR("template.error"),
    /** The template ran past a {@link RenderLimits} bound. */
    LIMIT("template.limit"),
    /** The template uses what trueup refuses: the clock, code built from strings. */
    REFUSED("template.refused");

    private final String code;

    Problem(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }
}
