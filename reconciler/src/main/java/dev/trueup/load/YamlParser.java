package dev.trueup.load;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.diagnostic.SourceLocation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Parses one YAML 1.2 file (Core schema) into a {@link YamlNode} tree, strictly: every problem
 * becomes a diagnostic naming the file, line and column; nothing here throws at the caller.
 */
public final class YamlParser {

  private static final Set<Tag> CORE_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ);
  private static final Pattern INT = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
  private static final Pattern FLOAT =
      Pattern.compile(
          "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
  private static final Pattern BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
  private static final Pattern NULL = Pattern.compile("null|Null|NULL|~|");

  private final YamlLimits limits;

  public YamlParser(YamlLimits limits) {
    this.limits = limits;
  }

  public YamlParser() {
    this(YamlLimits.DEFAULT);
  }

  public YamlParse parse(String file, byte[] bytes) {
    List<Diagnostic> problems = new ArrayList<>();
    SourceLocation whole = SourceLocation.ofFile(file);
    if (bytes.length > limits.maxBytes()) {
      problems.add(
          Diagnostic.error(
              "yaml.too-large",
              whole,
              "",
              "file is " + bytes.length + " bytes; the limit is " + limits.maxBytes()));
      return new YamlParse(Optional.empty(), problems);
    }
    Optional<String> text = decode(file, bytes, problems);
    if (text.isEmpty()) {
      return new YamlParse(Optional.empty(), problems);
    }
    Optional<YamlNode> root = compose(file, text.get(), problems);
    return new YamlParse(root, problems);
  }

  private Optional<String> decode(String file, byte[] bytes, List<Diagnostic> problems) {
    int start = 0;
    if (bytes.length >= 3
        && (bytes[0] & 0xff) == 0xEF
        && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF) {
      start = 3;
    } else if (bytes.length >= 2
        && ((bytes[0] & 0xff) == 0xFE || (bytes[0] & 0xff) == 0xFF)
        && ((bytes[1] & 0xff) == 0xFE || (bytes[1] & 0xff) == 0xFF)) {
      problems.add(
          Diagnostic.error(
                  "yaml.not-utf8", SourceLocation.ofFile(file), "", "file is UTF-16, not UTF-8")
              .withHint("save the file as UTF-8"));
      return Optional.empty();
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    try {
      return Optional.of(decoder.decode(in).toString());
    } catch (MalformedInputException e) {
      int offset = in.position();
      problems.add(
          Diagnostic.error(
                  "yaml.not-utf8",
                  locationOfByte(file, bytes, offset),
                  "",
                  String.format("file is not valid UTF-8 (byte 0x%02X)", bytes[offset] & 0xff))
              .withHint("save the file as UTF-8"));
      return Optional.empty();
    } catch (CharacterCodingException e) {
      problems.add(
          Diagnostic.error(
              "yaml.not-utf8", SourceLocation.ofFile(file), "", "file is not valid UTF-8"));
      return Optional.empty();
    }
  }

  private static SourceLocation locationOfByte(String file, byte[] bytes, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new SourceLocation(file, line, offset - lineStart + 1);
  }

  private Optional<YamlNode> compose(String file, String text, List<Diagnostic> problems) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file)
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(true) // detected below, naming both lines
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(limits.maxAliases())
            .setCodePointLimit(limits.maxBytes())
            .setAllowNonScalarKeys(true) // reported below with a location
            .setUseMarks(true)
            .build();
    List<Node> documents = new ArrayList<>();
    try {
      Iterator<Node> it = new Compose(settings).composeAllFromString(text).iterator();
      while (it.hasNext()) {
        documents.add(it.next());
        if (documents.size() > 1) {
          break;
        }
      }
    } catch (MarkedYamlEngineException e) {
      problems.add(syntaxError(file, e));
      return Optional.empty();
    } catch (YamlEngineException e) {
      problems.add(engineError(file, e));
      return Optional.empty();
    } catch (RuntimeException e) {
      // snakeyaml-engine can throw plain runtime exceptions on pathological input.
      problems.add(
          Diagnostic.error(
              "yaml.syntax", SourceLocation.ofFile(file), "", "file could not be parsed"));
      return Optional.empty();
    }
    if (documents.isEmpty() || isEmptyDocument(documents.get(0))) {
      problems.add(
          Diagnostic.error(
                  "yaml.empty", SourceLocation.ofFile(file), "", "file holds no YAML document")
              .withHint("an empty file is never valid; delete it or fill it in"));
      return Optional.empty();
    }
    if (documents.size() > 1) {
      problems.add(
          Diagnostic.error(
                  "yaml.multiple-documents",
                  location(file, documents.get(1)),
                  "",
                  "file holds more than one YAML document")
              .withHint("put each document in its own file"));
      return Optional.empty();
    }
    Converter converter = new Converter(file, problems);
    YamlNode root = converter.convert(documents.get(0), "", 1);
    return converter.aborted ? Optional.empty() : Optional.of(root);
  }

  private static boolean isEmptyDocument(Node node) {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL) && s.getValue().isEmpty();
  }

  private static Diagnostic syntaxError(String file, MarkedYamlEngineException e) {
    Optional<Mark> mark = e.getProblemMark();
    SourceLocation at =
        mark.map(m -> new SourceLocation(file, m.getLine() + 1, m.getColumn() + 1))
            .orElse(SourceLocation.ofFile(file));
    String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
    String context = e.getContext();
    String message = context == null ? problem : context + ": " + problem;
    return Diagnostic.error("yaml.syntax", at, "", message);
  }

  private static Diagnostic engineError(String file, YamlEngineException e) {
    String message = e.getMessage() == null ? "invalid YAML" : e.getMessage();
    if (message.contains("aliases")) {
      return Diagnostic.error(
              "yaml.alias-limit",
              SourceLocation.ofFile(file),
              "",
              "too many aliases (the limit is " + YamlLimits.DEFAULT.maxAliases() + ")")
          .withHint("anchors and aliases are for sharing a few values, not for generating data");
    }
    return Diagnostic.error("yaml.syntax", SourceLocation.ofFile(file), "", message);
  }

  private static String shortTag(Tag tag) {
    String v = tag.getValue();
    return v.startsWith(Tag.PREFIX) ? "!!" + v.substring(Tag.PREFIX.length()) : v;
  }

  private static SourceLocation location(String file, Node node) {
    return node.getStartMark()
        .map(m -> new SourceLocation(file, m.getLine() + 1, m.getColumn() + 1))
        .orElse(SourceLocation.ofFile(file));
  }

  /** Walks the composed graph once, bounding depth and expansion, collecting problems. */
  private final class Converter {
    private final String file;
    private final List<Diagnostic> problems;
    private int values;
    private boolean aborted;

    Converter(String file, List<Diagnostic> problems) {
      this.file = file;
      this.problems = problems;
    }

    YamlNode convert(Node node, String path, int depth) {
      SourceLocation at = location(file, node);
      if (aborted) {
        return placeholder(at);
      }
      if (++values > limits.maxValues()) {
        abort(
            Diagnostic.error(
                    "yaml.too-many-values",
                    at,
                    path,
                    "document expands to more than " + limits.maxValues() + " values")
                .withHint("is an alias being expanded many times?"));
        return placeholder(at);
      }
      if (depth > limits.maxDepth()) {
        abort(
            Diagnostic.error(
                "yaml.too-deep",
                at,
                path,
                "nested deeper than " + limits.maxDepth() + " levels (or a recursive alias)"));
        return placeholder(at);
      }
      if (!CORE_TAGS.contains(node.getTag())) {
        problems.add(
            Diagnostic.error(
                    "yaml.tag", at, path, "tag " + shortTag(node.getTag()) + " is not allowed")
                .withHint("remove the tag; trueup reads plain YAML 1.2 values only"));
        return placeholder(at);
      }
      return switch (node) {
        case ScalarNode s -> scalar(s, at, path);
        case SequenceNode seq -> list(seq, at, path, depth);
        case MappingNode map -> map(map, at, path, depth);
        default -> placeholder(at);
      };
    }

    private void abort(Diagnostic d) {
      aborted = true;
      problems.add(d);
    }

    private YamlNode scalar(ScalarNode s, SourceLocation at, String path) {
      String text = s.getValue();
      Tag tag = s.getTag();
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
            Diagnostic.error("yaml.tag", at, path, "'" + text + "' is not " + kind.description()));
        return new YamlScalar(at, ScalarKind.STRING, text, true);
      }
      return new YamlScalar(at, kind, text, !s.isPlain());
    }

    private YamlNode list(SequenceNode seq, SourceLocation at, String path, int depth) {
      List<YamlNode> items = new ArrayList<>();
      int i = 0;
      for (Node item : seq.getValue()) {
        items.add(convert(item, path + "[" + i++ + "]", depth + 1));
      }
      return new YamlList(at, items);
    }

    private YamlNode map(MappingNode map, SourceLocation at, String path, int depth) {
      Map<String, YamlMap.Entry> entries = new LinkedHashMap<>();
      for (NodeTuple tuple : map.getValue()) {
        Node keyNode = tuple.getKeyNode();
        SourceLocation keyAt = location(file, keyNode);
        if (!(keyNode instanceof ScalarNode keyScalar)) {
          problems.add(
              Diagnostic.error(
                  "yaml.key", keyAt, path, "a key must be a plain value, not a map or list"));
          continue;
        }
        String key = keyScalar.getValue();
        String childPath = path.isEmpty() ? key : path + "." + key;
        YamlMap.Entry first = entries.get(key);
        if (first != null) {
          problems.add(
              Diagnostic.error(
                      "yaml.duplicate-key",
                      keyAt,
                      childPath,
                      "duplicate key '"
                          + key
                          + "' (first defined at line "
                          + first.keyLocation().line()
                          + ")")
                  .withHint("remove one of them; YAML would silently keep only one")
                  .withRelated(first.keyLocation()));
          continue;
        }
        YamlNode value = convert(tuple.getValueNode(), childPath, depth + 1);
        entries.put(key, new YamlMap.Entry(key, keyAt, value));
      }
      return new YamlMap(at, entries);
    }

    private YamlNode placeholder(SourceLocation at) {
      return new YamlScalar(at, ScalarKind.NULL, "", false);
    }
  }
}
