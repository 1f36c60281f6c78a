package dev.trueup.validate.schema;

import com.networknt.schema.Error;
import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.diagnostic.DidYouMean;
import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.load.RepoDocument;
import dev.trueup.load.ScalarKind;
import dev.trueup.load.YamlList;
import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import dev.trueup.load.YamlScalar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
  private static final Set<String> YAML11_BOOLEANS = Set.of("yes", "no", "on", "off", "y", "n");

  /** A problem found, before it is placed in the file. */
  private record Finding(
      String code, String pointer, String key, String message, String hint, int depth) {}

  private final SchemaIndex index;
  private final RepoDocument doc;

  Explainer(SchemaIndex index, RepoDocument doc) {
    this.index = index;
    this.doc = doc;
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
        .map(this::diagnostic)
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
          single(e).ifPresent(out::add);
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

  private static List<String> combinatorPaths(Error e) {
    List<String> paths = new ArrayList<>();
    String path = eval(e);
    if (isCombinator(e)) {
      paths.add(path);
    }
    int at = path.indexOf("/anyOf/");
    if (at >= 0) {
      paths.add(path.substring(0, at + "/anyOf".length()));
    }
    return paths;
  }

  private static boolean isCombinator(Error e) {
    return "oneOf".equals(e.getKeyword()) || "anyOf".equals(e.getKeyword());
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
    single(e).ifPresent(out::add);
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
    if (node(pointer).orElse(null) instanceof YamlMap map) {
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
      String form = describe(index.deref(new SchemaIndex.Located(owner, branch)));
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
    Optional<YamlNode> node = node(pointer);
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

  // ---------------------------------------------------------------- single errors

  private Optional<Finding> single(Error e) {
    String keyword = e.getKeyword() == null ? "" : e.getKeyword();
    String pointer = pointer(e);
    int depth = depth(e);
    SchemaIndex.Located owner = index.parentOf(location(e));
    JsonNode schema = owner.node();
    return Optional.ofNullable(
        switch (keyword) {
          case "additionalProperties", "unevaluatedProperties" ->
              unknownField(pointer, e.getProperty(), schema, depth);
          case "required" ->
              new Finding(
                  "schema.required",
                  pointer,
                  e.getProperty(),
                  "missing required field '" + e.getProperty() + "'",
                  condition(location(e)),
                  depth);
          case "type" -> type(pointer, owner, depth);
          case "enum" -> enumeration(pointer, e.getSchemaNode(), depth);
          case "const" ->
              new Finding(
                  "schema.enum",
                  pointer,
                  null,
                  subject(pointer) + " must be " + e.getSchemaNode(),
                  null,
                  depth);
          case "pattern" -> pattern(pointer, owner, depth);
          case "propertyNames" -> propertyName(pointer, e.getProperty(), owner, depth);
          case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" ->
              range(pointer, keyword, e.getSchemaNode(), depth);
          case "minItems", "maxItems", "minProperties", "maxProperties", "minLength", "maxLength" ->
              size(pointer, keyword, e.getSchemaNode().asInt(), schema, depth);
          case "uniqueItems" -> unique(pointer, depth);
          case "false" ->
              new Finding(
                  "schema.unknown-field",
                  pointer,
                  null,
                  subject(pointer) + " is not allowed",
                  null,
                  depth);
          default ->
              new Finding(
                  "schema.invalid",
                  pointer,
                  null,
                  subject(pointer) + ": " + e.getMessage(),
                  null,
                  depth);
        });
  }

  private Finding unknownField(String pointer, String key, JsonNode schema, int depth) {
    List<String> allowed = new ArrayList<>();
    JsonNode properties = schema.get("properties");
    if (properties != null) {
      allowed.addAll(properties.propertyNames());
    }
    String hint;
    if ("<<".equals(key)) {
      hint =
          "YAML 1.2 has no merge keys; write the fields out (an anchor and alias can share a"
              + " whole value)";
    } else {
      hint =
          DidYouMean.closest(key, allowed)
              .map(s -> "did you mean '" + s + "'?")
              .orElse(allowed.isEmpty() ? null : "allowed here: " + String.join(", ", allowed));
    }
    return new Finding(
        "schema.unknown-field", pointer, key, "unknown field '" + key + "'", hint, depth);
  }

  /** For a {@code required} inside if/then/else, says when the field is required. */
  private String condition(String location) {
    int hash = location.indexOf('#');
    String fragment = hash < 0 ? "" : location.substring(hash);
    String branch;
    if (fragment.endsWith("/then/required")) {
      branch = "then";
    } else if (fragment.endsWith("/else/required")) {
      branch = "else";
    } else {
      return null;
    }
    String holder =
        location.substring(0, location.length() - ("/" + branch + "/required").length());
    JsonNode condition = index.at(holder).node().path("if").path("properties");
    if (condition.size() != 1) {
      return null;
    }
    String field = condition.propertyNames().iterator().next();
    JsonNode value = condition.get(field).get("const");
    if (value == null) {
      return null;
    }
    String shown = value.isString() ? value.stringValue() : value.toString();
    return (branch.equals("then") ? "required when " : "required unless ") + field + " is " + shown;
  }

  private Finding type(String pointer, SchemaIndex.Located owner, int depth) {
    JsonNode schema = owner.node();
    List<String> expected = new ArrayList<>();
    JsonNode type = schema.get("type");
    if (type != null && type.isArray()) {
      type.forEach(t -> expected.add(t.stringValue()));
    } else if (type != null) {
      expected.add(type.stringValue());
    }
    Optional<YamlNode> node = node(pointer);
    YamlScalar scalar = node.orElse(null) instanceof YamlScalar s ? s : null;
    String title = text(schema, "title");
    if (scalar != null && JsonTree.nonFinite(scalar)) {
      return new Finding(
          "schema.type",
          pointer,
          null,
          subject(pointer) + " must be a finite number, got " + scalar.text(),
          null,
          depth);
    }
    if (expected.equals(List.of("object")) && "Secret reference".equals(title)) {
      if (scalar != null && scalar.kind() == ScalarKind.STRING) {
        return new Finding(
            "schema.secret-literal",
            pointer,
            null,
            subject(pointer)
                + " must be a secret reference like {secret: name}, not a literal value",
            "secrets never go in the repository: bind a name under secrets: and write {secret:"
                + " name}",
            depth);
      }
    }
    if (expected.equals(List.of("string"))
        && scalar != null
        && (scalar.kind() == ScalarKind.INTEGER || scalar.kind() == ScalarKind.FLOAT)) {
      JsonNode examples = schema.get("examples");
      String shown = String.valueOf(scalar.value());
      if (examples != null && examples.size() > 0 && examples.get(0).isString()) {
        String example = examples.get(0).stringValue();
        return new Finding(
            "schema.type",
            pointer,
            null,
            subject(pointer)
                + " must be a quoted string like \""
                + example
                + "\", not the number "
                + shown,
            "YAML 1.2 reads unquoted " + scalar.text() + " as the number " + shown + "; quote it",
            depth);
      }
      return new Finding(
          "schema.type",
          pointer,
          null,
          "expected a string, got " + scalar.kindName(),
          "quote it to make it a string: \"" + scalar.text() + "\"",
          depth);
    }
    if (expected.equals(List.of("boolean"))
        && scalar != null
        && scalar.kind() == ScalarKind.STRING
        && YAML11_BOOLEANS.contains(scalar.text().toLowerCase(Locale.ROOT))) {
      return new Finding(
          "schema.type",
          pointer,
          null,
          "expected true or false, got the string \"" + scalar.text() + "\"",
          "YAML 1.2 reads yes, no, on and off as strings; write true or false",
          depth);
    }
    List<String> words = expected.stream().map(Explainer::typeWord).toList();
    return new Finding(
        "schema.type",
        pointer,
        null,
        "expected " + String.join(" or ", words) + ", got " + actual(node),
        null,
        depth);
  }

  private Finding enumeration(String pointer, JsonNode values, int depth) {
    List<String> allowed = new ArrayList<>();
    values.forEach(v -> allowed.add(v.isString() ? v.stringValue() : v.toString()));
    Optional<YamlNode> node = node(pointer);
    String hint = null;
    if (node.orElse(null) instanceof YamlScalar s) {
      hint =
          DidYouMean.closest(s.text(), allowed).map(c -> "did you mean '" + c + "'?").orElse(null);
      if (hint == null && s.kind() == ScalarKind.BOOLEAN && allowed.contains("no")) {
        hint = "YAML 1.2 reads " + s.text() + " as a boolean; quote it or write no";
      }
    }
    return new Finding(
        "schema.enum",
        pointer,
        null,
        subject(pointer) + " must be one of: " + String.join(", ", allowed),
        hint,
        depth);
  }

  private Finding pattern(String pointer, SchemaIndex.Located owner, int depth) {
    JsonNode schema = owner.node();
    Optional<YamlNode> node = node(pointer);
    String got = node.flatMap(YamlNode::asText).orElse("");
    return new Finding(
        "schema.pattern",
        pointer,
        null,
        subject(pointer) + " must be " + expectation(schema) + ", got \"" + got + "\"",
        text(schema, "description"),
        depth);
  }

  private Finding propertyName(String pointer, String key, SchemaIndex.Located owner, int depth) {
    SchemaIndex.Located names =
        index.deref(new SchemaIndex.Located(owner.id(), owner.node().path("propertyNames")));
    return new Finding(
        "schema.pattern",
        pointer,
        key,
        "key '" + key + "' must be " + expectation(names.node()),
        text(names.node(), "description"),
        depth);
  }

  /** "a duration like "5m"" from a schema's title and first example. */
  private static String expectation(JsonNode schema) {
    String title = text(schema, "title");
    String what = title == null ? "in the expected form" : withArticle(title);
    JsonNode examples = schema.get("examples");
    if (examples != null && examples.size() > 0 && examples.get(0).isString()) {
      what += " like \"" + examples.get(0).stringValue() + "\"";
    }
    return what;
  }

  private Finding range(String pointer, String keyword, JsonNode limit, int depth) {
    String bound =
        switch (keyword) {
          case "minimum" -> "at least ";
          case "maximum" -> "at most ";
          case "exclusiveMinimum" -> "greater than ";
          default -> "less than ";
        };
    String got =
        node(pointer).map(n -> n instanceof YamlScalar s ? s.text() : n.kindName()).orElse("");
    return new Finding(
        "schema.range",
        pointer,
        null,
        subject(pointer) + " must be " + bound + limit.asString() + ", got " + got,
        null,
        depth);
  }

  private Finding size(String pointer, String keyword, int limit, JsonNode schema, int depth) {
    String message;
    String hint = null;
    switch (keyword) {
      case "minItems" -> message = subject(pointer) + " must have at least " + count(limit, "item");
      case "maxItems" -> message = subject(pointer) + " must have at most " + count(limit, "item");
      case "minProperties" -> {
        message = subject(pointer) + " must have at least " + count(limit, "field");
        JsonNode properties = schema.get("properties");
        if (properties != null) {
          hint = "fields: " + String.join(", ", properties.propertyNames());
        }
      }
      case "maxProperties" ->
          message = subject(pointer) + " must have at most " + count(limit, "field");
      case "minLength" ->
          message =
              limit == 1
                  ? subject(pointer) + " must not be empty"
                  : subject(pointer) + " must be at least " + count(limit, "character") + " long";
      default ->
          message = subject(pointer) + " must be at most " + count(limit, "character") + " long";
    }
    return new Finding("schema.size", pointer, null, message, hint, depth);
  }

  private Finding unique(String pointer, int depth) {
    if (node(pointer).orElse(null) instanceof YamlList list) {
      Map<Object, Integer> seen = new LinkedHashMap<>();
      for (int i = 0; i < list.items().size(); i++) {
        YamlNode item = list.items().get(i);
        Object value = item instanceof YamlScalar s ? s.value() : JsonTree.of(item);
        Integer first = seen.putIfAbsent(value, i);
        if (first != null) {
          String shown = item instanceof YamlScalar s ? "\"" + s.text() + "\"" : "this entry";
          return new Finding(
              "schema.unique",
              pointer + "/" + i,
              null,
              shown + " is listed twice in '" + name(pointer) + "'",
              "first listed as " + name(pointer) + "[" + first + "]",
              depth);
        }
      }
    }
    return new Finding(
        "schema.unique", pointer, null, subject(pointer) + " lists an entry twice", null, depth);
  }

  // ---------------------------------------------------------------- wording helpers

  private String describe(SchemaIndex.Located schema) {
    String title = text(schema.node(), "title");
    if (title != null) {
      return withArticle(title);
    }
    JsonNode type = schema.node().get("type");
    return type != null && type.isString() ? typeWord(type.stringValue()) : "another form";
  }

  private static String typeWord(String jsonType) {
    return switch (jsonType) {
      case "object" -> "a map";
      case "array" -> "a list";
      case "string" -> "a string";
      case "integer" -> "an integer";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "null" -> "nothing (null)";
      default -> jsonType;
    };
  }

  private static String actual(Optional<YamlNode> node) {
    return node.map(YamlNode::kindName).orElse("nothing");
  }

  static String withArticle(String title) {
    String first = title.split(" ", 2)[0];
    boolean acronym = first.length() > 1 && first.equals(first.toUpperCase(Locale.ROOT));
    String phrase =
        acronym || first.startsWith("Prom")
            ? title
            : Character.toLowerCase(title.charAt(0)) + title.substring(1);
    char c = Character.toLowerCase(phrase.charAt(0));
    boolean vowel = "aeio".indexOf(c) >= 0;
    return (vowel ? "an " : "a ") + phrase;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String text(JsonNode schema, String field) {
    JsonNode v = schema == null ? null : schema.get(field);
    return v != null && v.isString() ? v.stringValue() : null;
  }

  /** 'mode', 'ports[1]', or "the document". */
  private static String subject(String pointer) {
    return pointer.isEmpty() ? "the document" : "'" + name(pointer) + "'";
  }

  private static String name(String pointer) {
    List<String> tokens = tokens(pointer);
    if (tokens.isEmpty()) {
      return "";
    }
    String last = tokens.get(tokens.size() - 1);
    if (last.chars().allMatch(Character::isDigit) && tokens.size() > 1) {
      return tokens.get(tokens.size() - 2) + "[" + last + "]";
    }
    return last;
  }

  // ---------------------------------------------------------------- places

  private Diagnostic diagnostic(Finding f) {
    Optional<YamlNode> node = node(f.pointer());
    SourceLocation at = null;
    if (f.key() != null && node.orElse(null) instanceof YamlMap map) {
      at = map.entry(f.key()).map(YamlMap.Entry::keyLocation).orElse(null);
    }
    if (at == null) {
      at = nearest(f.pointer()).location();
    }
    // a missing field is reported on the map that lacks it
    String path = dotted(f.pointer(), f.code().equals("schema.required") ? null : f.key());
    Diagnostic d = Diagnostic.error(f.code(), at, path, f.message());
    return f.hint() == null ? d : d.withHint(f.hint());
  }

  private YamlNode nearest(String pointer) {
    String p = pointer;
    while (true) {
      Optional<YamlNode> n = doc.root().at(p);
      if (n.isPresent() || p.isEmpty()) {
        return n.orElse(doc.root());
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  private Optional<YamlNode> node(String pointer) {
    return doc.root().at(pointer);
  }

  /** services.postgres.image, ports[1]. */
  private String dotted(String pointer, String key) {
    StringBuilder out = new StringBuilder();
    YamlNode node = doc.root();
    for (String token : tokens(pointer)) {
      if (node instanceof YamlList list) {
        out.append('[').append(token).append(']');
        int i = token.chars().allMatch(Character::isDigit) ? Integer.parseInt(token) : -1;
        node = i >= 0 && i < list.items().size() ? list.items().get(i) : null;
      } else {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(token);
        node = node instanceof YamlMap map ? map.get(token).orElse(null) : null;
      }
    }
    if (key != null) {
      if (!out.isEmpty()) {
        out.append('.');
      }
      out.append(key);
    }
    return out.toString();
  }

  private static List<String> tokens(String pointer) {
    List<String> out = new ArrayList<>();
    if (pointer.isEmpty()) {
      return out;
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      out.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  private static String pointer(Error e) {
    String p = e.getInstanceLocation().toString();
    return p.equals("/") ? "" : p;
  }

  private static String eval(Error e) {
    return e.getEvaluationPath().toString();
  }

  private static String location(Error e) {
    return e.getSchemaLocation().toString();
  }

  private static int depth(Error e) {
    return eval(e).length();
  }
}
