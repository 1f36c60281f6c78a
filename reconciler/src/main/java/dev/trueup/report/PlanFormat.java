package dev.trueup.report;

import java.util.Locale;
import java.util.Optional;

/**
 * How a plan is printed: every format is rendered from the one plan JSON, by the CLI for a plan it
 * made and by serve for one asked of it ({@code POST /api/v1/plan?render=text}), so both print the
 * same text.
 */
public enum PlanFormat {
  TEXT {
    @Override
    public String render(String json, Palette palette) {
      return PlanText.render(PlanJson.parse(json), palette);
    }
  },
  JSON {
    @Override
    public String render(String json, Palette palette) {
      return json;
    }
  },
  MARKDOWN {
    @Override
    public String render(String json, Palette palette) {
      return PlanMarkdown.render(PlanJson.parse(json));
    }
  };

  public abstract String render(String json, Palette palette);

  /** The format's name as the command line and the API spell it. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<PlanFormat> byId(String id) {
    for (PlanFormat f : values()) {
      if (f.id().equals(id)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
