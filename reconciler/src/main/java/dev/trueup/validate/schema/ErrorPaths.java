package dev.trueup.validate.schema;

import com.networknt.schema.Error;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a validator error points: in the document, in the schema, and through which combinators.
 */
final class ErrorPaths {
  private ErrorPaths() {}

  static List<String> combinatorPaths(Error e) {
    List<String> paths = new ArrayList<>();
    String path = eval(e);
    if (isCombinator(e)) {
      paths.add(path);
    }
    int at = path.indexOf("/anyOf/");
    if (at >= 0) {
      paths.add(path.substring(0, at + "/anyOf".length()));
    }
    return paths;
  }

  static boolean isCombinator(Error e) {
    return "oneOf".equals(e.getKeyword()) || "anyOf".equals(e.getKeyword());
  }

  static String pointer(Error e) {
    String p = e.getInstanceLocation().toString();
    return p.equals("/") ? "" : p;
  }

  static String eval(Error e) {
    return e.getEvaluationPath().toString();
  }

  static String location(Error e) {
    return e.getSchemaLocation().toString();
  }

  static int depth(Error e) {
    return eval(e).length();
  }
}
