package dev.trueup.validate.schema;

import static dev.trueup.validate.schema.ErrorPaths.combinatorPaths;
import static dev.trueup.validate.schema.ErrorPaths.depth;
import static dev.trueup.validate.schema.ErrorPaths.eval;
import static dev.trueup.validate.schema.ErrorPaths.isCombinator;
import static dev.trueup.validate.schema.ErrorPaths.location;
import static dev.trueup.validate.schema.ErrorPaths.pointer;
import static dev.trueup.validate.schema.SchemaWords.actual;
import static dev.trueup.validate.schema.SchemaWords.subject;

import com.networknt.schema.Error;
import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.load.RepoDocument;
import dev.trueup.load.ScalarKind;
import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import dev.trueup.load.YamlScalar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns the validator's errors for one document into diagnostics people can act on: one message per
 * problem, at the YAML line and column, in trueup's words. The noise that {@code oneOf} and {@code
 * anyOf} produce (an error per alternative) is collapsed into the one explanation that fits what
 * was written.
 */
final class Explainer {

  private static final Pattern ROOT_TYPE_TAIL = Pattern.compile("(/\\$ref)*/type");

  private final SchemaIndex index;
  private final RepoDocument doc;
  private final DocumentPlaces places;
  private final SingleErrors singles;

  Explainer(SchemaIndex index, RepoDocument doc) {
    this.index = index;
    this.doc = doc;
    this.places = new DocumentPlaces(doc);
    this.singles = new SingleErrors(index, places);
  }

  List<Diagnostic> explain(List<Error> errors) {
    List<Finding> findings = new ArrayList<>();
    collapse(new ArrayList<>(errors), findings);
    Map<String, Finding> unique = new LinkedHashMap<>();
    Set<String> suggested = new java.util.HashSet<>();
    for (Finding f : findings) {
      if (f.code().equals("schema.unknown-field") && f.hint() != null) {
        suggested.add(f.pointer() + '\u0000' + f.hint());
      }
    }
    for (Finding f : findings) {
      if (f.code().equals("schema.required")
          && suggested.contains(f.pointer() + '\u0000' + "did you mean '" + f.key() + "'?")) {
        continue; // the unknown field's did-you-mean already says what is missing
      }
      String id = f.code() + '\u0000' + f.pointer() + '\u0000' + f.key() + '\u0000' + f.message();
      Finding seen = unique.get(id);
      if (seen == null || f.depth() > seen.depth()) {
        unique.put(id, f);
      }
    }
    return unique.values().stream()
        .map(places::diagnostic)
        .distinct()
        .sorted(Diagnostic.BY_PLACE)
        .toList();
  }

  // ---------------------------------------------------------------- oneOf / anyOf

  /**
   * Resolves the outermost combinator first, replacing its errors by the ones that matter. A failed
   * {@code oneOf} reports an error of its own; a failed {@code anyOf} reports only its
   * alternatives' errors, so it is recognised by the {@code /anyOf/n} step in their paths.
   */
  private void collapse(List<Error> errors, List<Finding> out) {
    while (true) {
      String prefix = null;
      for (Error e : errors) {
        for (String candidate : combinatorPaths(e)) {
          if (prefix == null || candidate.length() < prefix.length()) {
            prefix = candidate;
          }
        }
      }
      if (prefix == null) {
        for (Error e : errors) {
          singles.single(e).ifPresent(out::add);
        }
        return;
      }
      Error combinator = null;
      List<Error> children = new ArrayList<>();
      List<Error> rest = new ArrayList<>();
      for (Error e : errors) {
        if (eval(e).equals(prefix) && isCombinator(e)) {
          combinator = e;
        } else if (eval(e).startsWith(prefix + "/")) {
          children.add(e);
        } else {
          rest.add(e);
        }
      }
      rest.addAll(resolve(combinator, prefix, children, out));
      errors = rest;
    }
  }

  /** The errors of the alternative the user evidently meant, or a finding of its own. */
  private List<Error> resolve(
      Error combinator, String path, List<Error> children, List<Finding> out) {
    String prefix = path + "/";
    boolean oneOf = path.endsWith("/oneOf");
    String pointer = combinator != null ? pointer(combinator) : pointer(children.get(0));
    int depth = path.length();
    String owner;
    JsonNode branches;
    if (combinator != null) {
      branches = combinator.getSchemaNode();
      owner = index.parentOf(location(combinator)).id();
    } else {
      SchemaIndex.Located located = anyOfBranches(children.get(0), prefix);
      branches = located.node();
      owner = located.id();
    }
    List<String> choiceKeys = branches == null ? List.of() : requiredChoice(branches);
    if (!choiceKeys.isEmpty()) {
      out.add(choice(pointer, choiceKeys, oneOf, depth));
      return List.of();
    }
    Map<Integer, List<Error>> byBranch = new TreeMap<>();
    for (int i = 0; branches != null && i < branches.size(); i++) {
      byBranch.put(i, new ArrayList<>());
    }
    for (Error e : children) {
      String tail = eval(e).substring(prefix.length());
      int slash = tail.indexOf('/');
      try {
        int branch = Integer.parseInt(slash < 0 ? tail : tail.substring(0, slash));
        byBranch.computeIfAbsent(branch, b -> new ArrayList<>()).add(e);
      } catch (NumberFormatException ex) {
        rest(e, out);
      }
    }
    if (byBranch.values().stream().anyMatch(List::isEmpty)) {
      // every alternative that failed left errors: an empty one matched, so several did
      out.add(
          new Finding(
              "schema.one-of",
              pointer,
              null,
              subject(pointer) + " matches more than one of its allowed forms",
              null,
              depth));
      return List.of();
    }
    List<Integer> candidates = new ArrayList<>();
    for (Map.Entry<Integer, List<Error>> branch : byBranch.entrySet()) {
      String branchPrefix = prefix + branch.getKey();
      boolean wrongType =
          branch.getValue().stream()
              .anyMatch(
                  e ->
                      "type".equals(e.getKeyword())
                          && pointer(e).equals(pointer)
                          && ROOT_TYPE_TAIL
                              .matcher(eval(e).substring(branchPrefix.length()))
                              .matches());
      if (!wrongType) {
        candidates.add(branch.getKey());
      }
    }
    if (candidates.isEmpty()) {
      out.add(typeChoice(pointer, owner, branches, depth));
      return List.of();
    }
    int chosen =
        candidates.stream()
            .min(Comparator.comparingInt((Integer b) -> byBranch.get(b).size()))
            .orElseThrow();
    return byBranch.get(chosen);
  }

  private void rest(Error e, List<Finding> out) {
    singles.single(e).ifPresent(out::add);
  }

  /** The {@code anyOf} array an alternative's error came from, when its path shows it. */
  private SchemaIndex.Located anyOfBranches(Error child, String prefix) {
    String tail = eval(child).substring(prefix.length());
    String location = location(child);
    int at = location.lastIndexOf("/anyOf/");
    if (tail.contains("$ref") || tail.indexOf("/anyOf/") >= 0 || at < 0) {
      return new SchemaIndex.Located("", null);
    }
    SchemaIndex.Located located = index.at(location.substring(0, at + "/anyOf".length()));
    return located.missing() ? new SchemaIndex.Located("", null) : located;
  }

  /**
   * The keys of a combinator whose alternatives are each just {@code required: [key]}; a {@code
   * not} alternative (none of them, allowed in partial layers) is skipped.
   */
  private static List<String> requiredChoice(JsonNode branches) {
    List<String> keys = new ArrayList<>();
    for (JsonNode branch : branches) {
      if (branch.size() == 1 && branch.has("not")) {
        continue;
      }
      JsonNode required = branch.get("required");
      if (branch.size() != 1 || required == null || required.size() != 1) {
        return List.of();
      }
      keys.add(required.get(0).stringValue());
    }
    return keys;
  }

  private Finding choice(String pointer, List<String> keys, boolean exactlyOne, int depth) {
    List<String> present = new ArrayList<>();
    if (places.node(pointer).orElse(null) instanceof YamlMap map) {
      for (String k : keys) {
        if (map.entries().containsKey(k)) {
          present.add(k);
        }
      }
    }
    String listed = String.join(", ", keys);
    if (present.size() > 1) {
      return new Finding(
          "schema.one-of",
          pointer,
          present.get(1),
          "'" + present.get(0) + "' and '" + present.get(1) + "' cannot both be set",
          "use exactly one of: " + listed,
          depth);
    }
    return new Finding(
        exactlyOne ? "schema.one-of" : "schema.required",
        pointer,
        null,
        subject(pointer)
            + (exactlyOne ? " needs exactly one of: " : " needs at least one of: ")
            + listed,
        null,
        depth);
  }

  private Finding typeChoice(String pointer, String owner, JsonNode branches, int depth) {
    List<String> forms = new ArrayList<>();
    for (JsonNode branch : branches == null ? List.<JsonNode>of() : branches.values()) {
      String form = singles.describe(index.deref(new SchemaIndex.Located(owner, branch)));
      if (!forms.contains(form)) {
        forms.add(form);
      }
    }
    String expected =
        forms.size() == 1
            ? forms.get(0)
            : String.join(", ", forms.subList(0, forms.size() - 1))
                + " or "
                + forms.get(forms.size() - 1);
    Optional<YamlNode> node = places.node(pointer);
    String hint = null;
    if (node.orElse(null) instanceof YamlScalar s
        && s.kind() != ScalarKind.STRING
        && s.kind() != ScalarKind.NULL
        && forms.contains("a string")) {
      hint = "quote it to make it a string: \"" + s.text() + "\"";
    }
    return new Finding(
        "schema.type",
        pointer,
        null,
        "expected " + expected + ", got " + actual(node),
        hint,
        depth);
  }

  // ---------------------------------------------------------------- places

}
