package dev.trueup.validate.schema;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.load.RepoDocument;
import dev.trueup.load.YamlList;
import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import java.util.Optional;

/** Places a finding in its document: the line and column of the field, and its dotted path. */
final class DocumentPlaces {
  private final RepoDocument doc;

  DocumentPlaces(RepoDocument doc) {
    this.doc = doc;
  }

  Diagnostic diagnostic(Finding f) {
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

  YamlNode nearest(String pointer) {
    String p = pointer;
    while (true) {
      Optional<YamlNode> n = doc.root().at(p);
      if (n.isPresent() || p.isEmpty()) {
        return n.orElse(doc.root());
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  Optional<YamlNode> node(String pointer) {
    return doc.root().at(pointer);
  }

  /** services.postgres.image, ports[1]. */
  String dotted(String pointer, String key) {
    StringBuilder out = new StringBuilder();
    YamlNode node = doc.root();
    for (String token : SchemaWords.tokens(pointer)) {
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
}
