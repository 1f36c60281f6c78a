package dev.trueup.engine;

import dev.trueup.driver.host.model.HostFacts;
import dev.trueup.driver.host.probe.ProbeParser;
import dev.trueup.observe.LiveNode;
import dev.trueup.policy.ApplyTiming;
import java.util.HashMap;
import java.util.Map;

/** What each node's busy checks answered in an observation, by node and check id. */
public final class BusyAnswers {
  private BusyAnswers() {}

  public static Map<String, Map<String, ApplyTiming.Answer>> of(Map<String, LiveNode> live) {
    Map<String, Map<String, ApplyTiming.Answer>> out = new HashMap<>();
    live.forEach(
        (node, l) ->
            l.part(HostFacts.class)
                .ifPresent(
                    facts -> {
                      Map<String, ApplyTiming.Answer> answers = new HashMap<>();
                      facts
                          .lines()
                          .forEach(
                              (fact, lines) -> {
                                if (fact.startsWith(ProbeParser.BUSY) && lines.size() == 1) {
                                  ApplyTiming.Answer.of(lines.get(0))
                                      .ifPresent(
                                          a ->
                                              answers.put(
                                                  fact.substring(ProbeParser.BUSY.length()), a));
                                }
                              });
                      if (!answers.isEmpty()) {
                        out.put(node, answers);
                      }
                    }));
    return out;
  }
}
