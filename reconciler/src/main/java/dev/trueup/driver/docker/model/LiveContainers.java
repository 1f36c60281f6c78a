package dev.trueup.driver.docker.model;

import dev.trueup.live.Facts;
import dev.trueup.live.LivePart;
import dev.trueup.live.Reachability;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one node's engine runs that concerns trueup.
 *
 * @param managed containers labelled {@code dev.trueup.managed=true} for this node, by name
 * @param unlabelled names of containers without trueup's labels (or another node's) that sit on a
 *     name trueup wants: never touched, reported as conflicts
 */
public record LiveContainers(
    String node,
    Reachability reachability,
    SortedMap<String, LiveContainer> managed,
    SortedSet<String> unlabelled)
    implements LivePart {

  public LiveContainers {
    managed = Collections.unmodifiableSortedMap(new TreeMap<>(managed));
    unlabelled = Collections.unmodifiableSortedSet(new TreeSet<>(unlabelled));
  }

  public static LiveContainers unreachable(String node, Reachability why) {
    return new LiveContainers(node, why, new TreeMap<>(), new TreeSet<>());
  }

  @Override
  public List<String> facts() {
    List<String> out = new ArrayList<>();
    out.add("engine " + Facts.reach(reachability));
    for (LiveContainer l : managed.values()) {
      out.add(
          "container "
              + Facts.quote(l.name())
              + " "
              + Facts.quote(l.id())
              + " "
              + Facts.quote(l.specHash())
              + " "
              + l.running());
    }
    unlabelled.forEach(u -> out.add("foreign " + Facts.quote(u)));
    return out;
  }

  public boolean observed() {
    return reachability instanceof Reachability.Observed;
  }
}
