package dev.trueup.validate.schema;

import dev.trueup.load.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The words schema messages are made of: a type's name, an article, a field's name. */
final class SchemaWords {
  private SchemaWords() {}

  static String typeWord(String jsonType) {
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

  static String actual(Optional<YamlNode> node) {
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

  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String text(JsonNode schema, String field) {
    JsonNode v = schema == null ? null : schema.get(field);
    return v != null && v.isString() ? v.stringValue() : null;
  }

  /** 'mode', 'ports[1]', or "the document". */
  static String subject(String pointer) {
    return pointer.isEmpty() ? "the document" : "'" + name(pointer) + "'";
  }

  static String name(String pointer) {
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

  static List<String> tokens(String pointer) {
    List<String> out = new ArrayList<>();
    if (pointer.isEmpty()) {
      return out;
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      out.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  /** "a duration like "5m"" from a schema's title and first example. */
  static String expectation(JsonNode schema) {
    String title = text(schema, "title");
    String what = title == null ? "in the expected form" : withArticle(title);
    JsonNode examples = schema.get("examples");
    if (examples != null && examples.size() > 0 && examples.get(0).isString()) {
      what += " like \"" + examples.get(0).stringValue() + "\"";
    }
    return what;
  }
}
