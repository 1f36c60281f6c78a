package dev.trueup.cli;

import dev.trueup.report.Palette;
import dev.trueup.report.PlanJson;
import dev.trueup.report.PlanMarkdown;
import dev.trueup.report.PlanText;

/** How a plan is printed: every format is rendered from the one plan JSON. */
enum PlanFormat {
  TEXT {
    @Override
    String render(String json) {
      return PlanText.render(PlanJson.parse(json), Palette.detect());
    }
  },
  JSON {
    @Override
    String render(String json) {
      return json;
    }
  },
  MARKDOWN {
    @Override
    String render(String json) {
      return PlanMarkdown.render(PlanJson.parse(json));
    }
  };

  abstract String render(String json);
}
