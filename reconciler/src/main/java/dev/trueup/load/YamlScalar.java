package dev.trueup.load;

import dev.trueup.diagnostic.SourceLocation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * A scalar as written ({@code text}) and as YAML 1.2's Core schema reads it ({@code kind}). The
 * text is kept so that messages can quote the user, and so a port like {@code 2122:22} is never
 * reinterpreted.
 */
public record YamlScalar(SourceLocation location, ScalarKind kind, String text, boolean quoted)
    implements YamlNode {

  @Override
  public String kindName() {
    return kind.description();
  }

  /** The value as JSON sees it: String, BigInteger, BigDecimal/Double, Boolean or null. */
  public Object value() {
    return switch (kind) {
      case STRING -> text;
      case NULL -> null;
      case BOOLEAN -> Boolean.valueOf(text.toLowerCase(Locale.ROOT));
      case INTEGER -> integerValue();
      case FLOAT -> floatValue();
    };
  }

  private BigInteger integerValue() {
    String t = text.startsWith("+") ? text.substring(1) : text;
    if (t.startsWith("0o")) {
      return new BigInteger(t.substring(2), 8);
    }
    if (t.startsWith("0x")) {
      return new BigInteger(t.substring(2), 16);
    }
    return new BigInteger(t);
  }

  private Object floatValue() {
    String t = text.toLowerCase(Locale.ROOT);
    return switch (t) {
      case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
      case "-.inf" -> Double.NEGATIVE_INFINITY;
      case ".nan" -> Double.NaN;
      default -> new BigDecimal(t);
    };
  }
}
