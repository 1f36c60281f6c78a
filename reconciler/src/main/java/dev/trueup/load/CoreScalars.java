package dev.trueup.load;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.diagnostic.SourceLocation;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The YAML 1.2 Core schema for one scalar: its tag (explicit, else resolved from a plain value),
 * refused unless it is a Core tag, and an explicit tag checked against the value's shape.
 */
final class CoreScalars {

  static final Set<Tag> CORE_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ);
  private static final Pattern INT = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
  private static final Pattern FLOAT =
      Pattern.compile(
          "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
  private static final Pattern BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
  private static final Pattern NULL = Pattern.compile("null|Null|NULL|~|");
  private static final ScalarResolver RESOLVER = new CoreSchema().getScalarResolver();

  private CoreScalars() {}

  /** The tag of a scalar as the Core schema reads it; {@code !} alone means "a string". */
  static Tag tag(ScalarEvent event) {
    Optional<String> tag = event.getTag();
    if (tag.isEmpty() || tag.get().equals("!")) {
      return RESOLVER.resolve(event.getValue(), event.getImplicit().canOmitTagInPlainScalar());
    }
    return new Tag(tag.get());
  }

  /** The tag of a collection: none (or {@code !}) means the collection's own. */
  static Tag collectionTag(Optional<String> tag, Tag own) {
    return tag.isEmpty() || tag.get().equals("!") ? own : new Tag(tag.get());
  }

  /**
   * A located scalar; when an explicit tag and the text clash, a problem and a string keeping the
   * text. The path is asked for only when there is a problem.
   */
  static YamlScalar scalar(
      ScalarEvent event,
      Tag tag,
      SourceLocation at,
      Supplier<String> path,
      List<Diagnostic> problems) {
    String text = event.getValue();
    ScalarKind kind;
    Pattern shape;
    if (tag.equals(Tag.INT)) {
      kind = ScalarKind.INTEGER;
      shape = INT;
    } else if (tag.equals(Tag.FLOAT)) {
      kind = ScalarKind.FLOAT;
      shape = FLOAT;
    } else if (tag.equals(Tag.BOOL)) {
      kind = ScalarKind.BOOLEAN;
      shape = BOOL;
    } else if (tag.equals(Tag.NULL)) {
      kind = ScalarKind.NULL;
      shape = NULL;
    } else {
      kind = ScalarKind.STRING;
      shape = null;
    }
    if (shape != null && !shape.matcher(text).matches()) {
      problems.add(
          Diagnostic.error(
              "yaml.tag", at, path.get(), "'" + text + "' is not " + kind.description()));
      return new YamlScalar(at, ScalarKind.STRING, text, true);
    }
    return new YamlScalar(at, kind, text, !event.isPlain());
  }

  static Diagnostic refusedTag(Tag tag, SourceLocation at, String path) {
    return Diagnostic.error("yaml.tag", at, path, "tag " + shortTag(tag) + " is not allowed")
        .withHint("remove the tag; trueup reads plain YAML 1.2 values only");
  }

  /** A plain {@code ${NAME}}: kept as the text it is, with a warning that it is not expanded. */
  static Diagnostic unexpanded(String text, SourceLocation at, String path) {
    return Diagnostic.error(
            "yaml.variable",
            at,
            path,
            "'"
                + text
                + "' is read as this text: trueup expands no environment variables in"
                + " desired state")
        .withHint(
            "write the value itself; for a secret, use a secret reference (docs/desired-state.md)")
        .asWarning();
  }

  private static String shortTag(Tag tag) {
    String v = tag.getValue();
    return v.startsWith(Tag.PREFIX) ? "!!" + v.substring(Tag.PREFIX.length()) : v;
  }
}
