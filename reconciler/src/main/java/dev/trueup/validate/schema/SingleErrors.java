package dev.trueup.validate.schema;

import static dev.trueup.validate.schema.ErrorPaths.depth;
import static dev.trueup.validate.schema.ErrorPaths.location;
import static dev.trueup.validate.schema.ErrorPaths.pointer;
import static dev.trueup.validate.schema.SchemaWords.actual;
import static dev.trueup.validate.schema.SchemaWords.count;
import static dev.trueup.validate.schema.SchemaWords.expectation;
import static dev.trueup.validate.schema.SchemaWords.name;
import static dev.trueup.validate.schema.SchemaWords.subject;
import static dev.trueup.validate.schema.SchemaWords.text;
import static dev.trueup.validate.schema.SchemaWords.typeWord;
import static dev.trueup.validate.schema.SchemaWords.withArticle;

import com.networknt.schema.Error;
import dev.trueup.diagnostic.DidYouMean;
import dev.trueup.load.ScalarKind;
import dev.trueup.load.YamlList;
import dev.trueup.load.YamlNode;
import dev.trueup.load.YamlScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One validator error in trueup's words: the finding for each keyword (a wrong type, an unknown
 * field, a value outside a range, ...), worded from the schema's titles and examples.
 */
final class SingleErrors {
  private static final Set<String> YAML11_BOOLEANS = Set.of("yes", "no", "on", "off", "y", "n");

  private final SchemaIndex index;
  private final DocumentPlaces places;

  SingleErrors(SchemaIndex index, DocumentPlaces places) {
    this.index = index;
    this.places = places;
  }

  Optional<Finding> single(Error e) {
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
    Optional<YamlNode> node = places.node(pointer);
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
    List<String> words = expected.stream().map(SchemaWords::typeWord).toList();
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
    Optional<YamlNode> node = places.node(pointer);
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
    Optional<YamlNode> node = places.node(pointer);
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

  private Finding range(String pointer, String keyword, JsonNode limit, int depth) {
    String bound =
        switch (keyword) {
          case "minimum" -> "at least ";
          case "maximum" -> "at most ";
          case "exclusiveMinimum" -> "greater than ";
          default -> "less than ";
        };
    String got =
        places
            .node(pointer)
            .map(n -> n instanceof YamlScalar s ? s.text() : n.kindName())
            .orElse("");
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
    if (places.node(pointer).orElse(null) instanceof YamlList list) {
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

  String describe(SchemaIndex.Located schema) {
    String title = text(schema.node(), "title");
    if (title != null) {
      return withArticle(title);
    }
    JsonNode type = schema.node().get("type");
    return type != null && type.isString() ? typeWord(type.stringValue()) : "another form";
  }
}
