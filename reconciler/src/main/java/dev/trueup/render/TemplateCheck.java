package dev.trueup.render;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.diagnostic.Severity;
import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.model.DesiredState;
import dev.trueup.model.FileContent;
import dev.trueup.model.ManagedFile;
import dev.trueup.model.Node;
import dev.trueup.render.Rendering.Failed;
import dev.trueup.render.Rendering.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validation's rendering: every template once for every node that uses it, with that node's
 * variables and within the same limits as a plan, so that whatever rendering would hit is an error
 * of the revision, found before anything is planned. Secrets play no part: a template's model holds
 * no secret, and nothing is resolved here.
 *
 * <p>One failure shared by many nodes is one diagnostic naming them. A template that ran into a
 * limit is not rendered again for further nodes: each would take the limit's time again.
 */
public final class TemplateCheck {
  private static final int NODES_NAMED = 3;

  private final LockedFreemarker templates;

  public TemplateCheck(RepoFiles repo) {
    this.templates = LockedFreemarker.of(repo, "templates", RenderLimits.REPOSITORY);
  }

  public List<Diagnostic> check(DesiredState state) {
    Map<Failed, List<Use>> failures = new LinkedHashMap<>();
    Map<String, Integer> skipped = new HashMap<>();
    Map<String, Failed> overLimit = new HashMap<>();
    for (Node node : state.nodes().values()) {
      for (ManagedFile file : node.files().values()) {
        if (!(file.content() instanceof FileContent.Template t)) {
          continue;
        }
        String name = RenderContext.stripDirectory(t.template());
        if (overLimit.containsKey(name)) {
          skipped.merge(name, 1, Integer::sum);
          continue;
        }
        if (templates.render(name, RenderContext.templateModel(node, t.vars()))
            instanceof Failed f) {
          failures.computeIfAbsent(f, k -> new ArrayList<>()).add(new Use(node, file));
          if (f.problem() == Problem.LIMIT) {
            overLimit.put(name, f);
          }
        }
      }
    }
    List<Diagnostic> out = new ArrayList<>();
    failures.forEach(
        (failure, uses) -> {
          String name = uses.getFirst().template();
          int notRendered = overLimit.get(name) == failure ? skipped.getOrDefault(name, 0) : 0;
          out.add(diagnostic(failure, uses, notRendered));
        });
    return out;
  }

  private static Diagnostic diagnostic(Failed failure, List<Use> uses, int notRendered) {
    SourceLocation at =
        failure.line() > 0
            ? new SourceLocation(failure.template(), failure.line(), failure.column())
            : SourceLocation.ofFile(failure.template());
    String message = "for " + nodes(uses) + ": " + failure.message();
    if (notRendered > 0) {
      message += " (not rendered for " + notRendered + " more nodes that use it)";
    }
    return new Diagnostic(
        Severity.ERROR,
        failure.problem().code(),
        at,
        "",
        message,
        null,
        uses.getFirst().file().origins().self());
  }

  private static String nodes(List<Use> uses) {
    List<String> names = uses.stream().map(u -> u.node().name()).distinct().toList();
    if (names.size() == 1) {
      return "node " + names.getFirst();
    }
    String shown = String.join(", ", names.subList(0, Math.min(NODES_NAMED, names.size())));
    return names.size() <= NODES_NAMED
        ? "nodes " + shown
        : "nodes " + shown + " and " + (names.size() - NODES_NAMED) + " more";
  }

  private record Use(Node node, ManagedFile file) {
    String template() {
      return RenderContext.stripDirectory(((FileContent.Template) file.content()).template());
    }
  }
}
