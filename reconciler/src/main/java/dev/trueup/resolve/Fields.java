package dev.trueup.resolve;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.diagnostic.Diagnostics;
import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.load.ScalarKind;
import dev.trueup.load.YamlList;
import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import dev.trueup.load.YamlScalar;
import dev.trueup.model.Origins;
import dev.trueup.model.SecretRef;
import dev.trueup.model.value.Parsed;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads typed values out of schema-checked maps, turning parse failures into diagnostics that name
 * the file, line and YAML path. Shapes are trusted (the schema checked them); values are not.
 */
final class Fields {
  private final Diagnostics diagnostics;

  Fields(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  Diagnostics diagnostics() {
    return diagnostics;
  }

  Optional<String> text(YamlMap map, String key) {
    return map.get(key)
        .flatMap(
            n ->
                n instanceof YamlScalar s && s.kind() != ScalarKind.NULL
                    ? Optional.of(s.text())
                    : Optional.empty());
  }

  String text(YamlMap map, String key, String fallback) {
    return text(map, key).orElse(fallback);
  }

  /**
   * An enum value by its lower-case YAML spelling; anything else is empty (the schema check has
   * already reported it, so this stays quiet).
   */
  <E extends Enum<E>> Optional<E> choice(YamlMap map, String key, Class<E> type) {
    return text(map, key).flatMap(t -> choice(t, type));
  }

  static <E extends Enum<E>> Optional<E> choice(String text, Class<E> type) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(text)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  Optional<Boolean> bool(YamlMap map, String key) {
    return map.get(key)
        .flatMap(
            n ->
                n instanceof YamlScalar s && s.kind() == ScalarKind.BOOLEAN
                    ? Optional.of((Boolean) s.value())
                    : Optional.empty());
  }

  Optional<Double> number(YamlMap map, String key, String path) {
    Optional<YamlNode> node = map.get(key);
    if (node.isEmpty() || !(node.get() instanceof YamlScalar s)) {
      return Optional.empty();
    }
    Object v = s.value();
    double d =
        switch (v) {
          case BigInteger i -> i.doubleValue();
          case BigDecimal b -> b.doubleValue();
          case Double x -> x;
          default -> Double.NaN;
        };
    if (!Double.isFinite(d)) {
      error("value.not-finite", s.location(), path, "'" + s.text() + "' is not a finite number");
      return Optional.empty();
    }
    return Optional.of(d);
  }

  List<String> strings(YamlMap map, String key) {
    List<String> out = new ArrayList<>();
    if (map.get(key).orElse(null) instanceof YamlList list) {
      for (YamlNode item : list.items()) {
        if (item instanceof YamlScalar s) {
          out.add(s.text());
        }
      }
    }
    return out;
  }

  /** Parses the value under {@code key}; a failure becomes a diagnostic at the value. */
  <T> Optional<T> parse(
      YamlMap map, String key, String path, String code, Function<String, Parsed<T>> parser) {
    Optional<YamlNode> node = map.get(key);
    if (node.isEmpty() || !(node.get() instanceof YamlScalar s) || s.kind() == ScalarKind.NULL) {
      return Optional.empty();
    }
    return parseAt(s, path, code, parser);
  }

  <T> Optional<T> parseAt(
      YamlScalar s, String path, String code, Function<String, Parsed<T>> parser) {
    return switch (parser.apply(s.text())) {
      case Parsed.Ok<T> ok -> Optional.of(ok.value());
      case Parsed.Invalid<T> bad -> {
        diagnostics.add(
            Diagnostic.error(code, s.location(), path, bad.message()).withHint(bad.hint()));
        yield Optional.empty();
      }
    };
  }

  Optional<SecretRef> secret(YamlMap map, String key) {
    return map.get(key)
        .flatMap(n -> n instanceof YamlMap m ? m.string("secret") : Optional.empty())
        .map(SecretRef::new);
  }

  void error(String code, SourceLocation at, String path, String message) {
    diagnostics.add(Diagnostic.error(code, at, path, message));
  }

  void error(String code, SourceLocation at, String path, String message, String hint) {
    diagnostics.add(Diagnostic.error(code, at, path, message).withHint(hint));
  }

  void warning(String code, SourceLocation at, String path, String message, String hint) {
    diagnostics.add(Diagnostic.error(code, at, path, message).withHint(hint).asWarning());
  }

  static Origins origins(SourceLocation self, YamlMap map) {
    Map<String, SourceLocation> fields = new HashMap<>();
    for (YamlMap.Entry e : map.entries().values()) {
      fields.put(e.key(), e.value().location());
    }
    return new Origins(self, fields);
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
