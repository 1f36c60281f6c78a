package dev.trueup.validate.schema;

import dev.trueup.load.YamlList;
import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import dev.trueup.load.YamlScalar;
import java.math.BigDecimal;
import java.math.BigInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a parsed YAML tree into the JSON tree the schema validator reads. Scalars keep the type
 * YAML 1.2 gave them (an unquoted {@code 0640} stays the integer 640, so the schema can say so); a
 * non-finite float (.inf, .nan) becomes a string so that a {@code number} check refuses it.
 */
final class JsonTree {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTree() {}

  static JsonNode of(YamlNode node) {
    return switch (node) {
      case YamlMap map -> {
        ObjectNode object = NODES.objectNode();
        for (YamlMap.Entry e : map.entries().values()) {
          object.set(e.key(), of(e.value()));
        }
        yield object;
      }
      case YamlList list -> {
        ArrayNode array = NODES.arrayNode(list.items().size());
        for (YamlNode item : list.items()) {
          array.add(of(item));
        }
        yield array;
      }
      case YamlScalar scalar -> scalar(scalar);
    };
  }

  private static JsonNode scalar(YamlScalar scalar) {
    Object value = scalar.value();
    return switch (value) {
      case null -> NODES.nullNode();
      case String s -> NODES.stringNode(s);
      case Boolean b -> NODES.booleanNode(b);
      case BigInteger i ->
          i.bitLength() < 64 ? NODES.numberNode(i.longValue()) : NODES.numberNode(i);
      case BigDecimal d -> NODES.numberNode(d);
      case Double d ->
          Double.isFinite(d) ? NODES.numberNode(d.doubleValue()) : NODES.stringNode(scalar.text());
      default -> NODES.stringNode(scalar.text());
    };
  }

  /** Whether a scalar is a float YAML reads as infinite or not-a-number. */
  static boolean nonFinite(YamlScalar scalar) {
    return scalar.value() instanceof Double d && !Double.isFinite(d);
  }
}
