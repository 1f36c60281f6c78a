package dev.trueup.report;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.validate.ValidationReport;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The machine-readable form of a validation: stable field names, sorted diagnostics. */
public final class ValidationJson {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ValidationJson() {}

  public static ObjectNode tree(ValidationReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("valid", report.valid());
    root.put("files", report.files());
    root.put("errors", report.errors());
    root.put("warnings", report.warnings());
    report
        .state()
        .ifPresent(
            s -> {
              root.put("fleet", s.fleet());
              root.put("nodes", s.nodes().size());
            });
    ArrayNode list = root.putArray("diagnostics");
    for (Diagnostic d : report.diagnostics()) {
      ObjectNode o = list.addObject();
      o.put("severity", d.severity().label());
      o.put("code", d.code());
      o.put("file", d.location().file());
      o.put("line", d.location().line());
      o.put("column", d.location().column());
      o.put("path", d.path());
      o.put("message", d.message());
      if (d.hint() != null) {
        o.put("hint", d.hint());
      }
      if (d.related() != null) {
        SourceLocation r = d.related();
        ObjectNode rel = o.putObject("related");
        rel.put("file", r.file());
        rel.put("line", r.line());
        rel.put("column", r.column());
      }
    }
    return root;
  }

  public static String render(ValidationReport report) {
    return MAPPER.writeValueAsString(tree(report)) + "\n";
  }
}
