package dev.trueup.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The decision matrix and classification rules, with seed 000's defaults built in. */
public record Policy(
    Map<ChangeClass, Verdict> matrix,
    Map<String, DriftAction> liveDrift,
    DriftAction liveDriftDefault,
    double maxDeleteFraction,
    List<PolicyRule> rules) {

  public Policy {
    matrix = Map.copyOf(matrix);
    liveDrift = Map.copyOf(liveDrift);
    rules = List.copyOf(rules);
  }

  public static Map<ChangeClass, Verdict> defaultMatrix() {
    Map<ChangeClass, Verdict> m = new EnumMap<>(ChangeClass.class);
    m.put(ChangeClass.BUGFIX, Verdict.APPLY);
    m.put(ChangeClass.MINOR, Verdict.STAGED);
    m.put(ChangeClass.MAJOR, Verdict.APPROVE);
    m.put(ChangeClass.ARCHITECTURE, Verdict.APPROVE);
    m.put(ChangeClass.BUSINESS, Verdict.NOTIFY);
    return m;
  }

  public static Policy defaults() {
    return new Policy(
        defaultMatrix(),
        Map.of("production", DriftAction.FLAG),
        DriftAction.REVERT,
        0.5,
        List.of());
  }

  public Verdict verdictFor(ChangeClass c) {
    return matrix.getOrDefault(c, defaultMatrix().get(c));
  }

  public DriftAction liveDriftFor(String environment) {
    return liveDrift.getOrDefault(environment, liveDriftDefault);
  }
}
