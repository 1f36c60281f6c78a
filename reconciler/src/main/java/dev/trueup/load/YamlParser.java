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
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Parses one YAML 1.2 file (Core schema) into a {@link YamlNode} tree, strictly: every problem
 * becomes a diagnostic naming the file, line and column; nothing here throws at the caller. The
 * tree is composed from the parser's events without recursion ({@link EventComposer}), so limits
 * hold before anything deep is built.
 */
public final class YamlParser {

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
            .setCodePointLimit(limits.maxBytes())
            .setUseMarks(true)
            .build();
    try {
      return new EventComposer(file, limits, problems)
          .compose(new Parse(settings).parseString(text).iterator());
    } catch (MarkedYamlEngineException e) {
      problems.add(syntaxError(file, e));
      return Optional.empty();
    } catch (YamlEngineException e) {
      String message = e.getMessage() == null ? "invalid YAML" : e.getMessage();
      problems.add(Diagnostic.error("yaml.syntax", SourceLocation.ofFile(file), "", message));
      return Optional.empty();
    } catch (RuntimeException e) {
      // snakeyaml-engine can throw plain runtime exceptions on pathological input.
      problems.add(
          Diagnostic.error(
              "yaml.syntax", SourceLocation.ofFile(file), "", "file could not be parsed"));
      return Optional.empty();
    }
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
}
