package dev.trueup.validate.schema;

import java.net.URI;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The schema documents as plain JSON trees, by {@code $id}, so that errors can be explained from
 * what the schema says at the failing spot (its title, examples, allowed properties).
 */
final class SchemaIndex {

  /** A schema object and the document ({@code $id}) it lives in, for resolving its refs. */
  record Located(String id, JsonNode node) {
    boolean missing() {
      return node == null || node.isMissingNode();
    }
  }

  private final Map<String, JsonNode> documents;

  SchemaIndex(Map<String, JsonNode> documents) {
    this.documents = Map.copyOf(documents);
  }

  /**
   * The schema object at an absolute location such as {@code
   * https://x/common.schema.json#/$defs/name}.
   */
  Located at(String location) {
    int hash = location.indexOf('#');
    String id = hash < 0 ? location : location.substring(0, hash);
    String fragment = hash < 0 ? "" : decode(location.substring(hash + 1));
    JsonNode doc = documents.get(id);
    if (doc == null) {
      return new Located(id, MissingNode.getInstance());
    }
    return new Located(id, fragment.isEmpty() ? doc : doc.at(fragment));
  }

  /** The schema object holding the keyword a location ends in (drops the last pointer token). */
  Located parentOf(String location) {
    int hash = location.indexOf('#');
    if (hash < 0) {
      return at(location);
    }
    int slash = location.lastIndexOf('/');
    return slash <= hash ? at(location.substring(0, hash)) : at(location.substring(0, slash));
  }

  /** Follows {@code $ref} until a schema without one, staying within the indexed documents. */
  Located deref(Located schema) {
    Located current = schema;
    for (int hops = 0; hops < 16 && !current.missing(); hops++) {
      JsonNode ref = current.node().get("$ref");
      if (ref == null || !ref.isString()) {
        return current;
      }
      String target = URI.create(current.id()).resolve(ref.stringValue()).toString();
      if (target.startsWith("#")) {
        target = current.id() + target;
      }
      current = at(target);
    }
    return current;
  }

  private static String decode(String fragment) {
    if (fragment.indexOf('%') < 0) {
      return fragment;
    }
    StringBuilder out = new StringBuilder();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < fragment.length(); i++) {
      char c = fragment.charAt(i);
      if (c == '%' && i + 2 < fragment.length()) {
        bytes.write(Integer.parseInt(fragment.substring(i + 1, i + 3), 16));
        i += 2;
        continue;
      }
      if (bytes.size() > 0) {
        out.append(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
        bytes.reset();
      }
      out.append(c);
    }
    if (bytes.size() > 0) {
      out.append(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
    return out.toString();
  }
}
