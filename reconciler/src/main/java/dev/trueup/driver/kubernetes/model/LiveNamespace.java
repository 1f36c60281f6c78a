package dev.trueup.driver.kubernetes.model;

import dev.trueup.live.LivePart;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a kubernetes node's namespace holds of trueup's: the objects labelled as trueup's for the
 * node (Secrets without their data), and the Deployments an autoscaler scales.
 *
 * @param autoscaled names of Deployments targeted by a HorizontalPodAutoscaler: their replicas are
 *     the autoscaler's, not trueup's
 */
public record LiveNamespace(
    String node, SortedMap<ObjectKey, HasMetadata> objects, Set<String> autoscaled)
    implements LivePart {

  public LiveNamespace {
    objects = Collections.unmodifiableSortedMap(new TreeMap<>(objects));
    autoscaled = Collections.unmodifiableSet(new TreeSet<>(autoscaled));
  }

  @Override
  public List<String> facts() {
    return versions().stream().map(v -> "object " + v).toList();
  }

  /**
   * One line per object, {@code Kind/name version}, for a saved plan's staleness check: the
   * object's generation where the kind has one (so status updates do not count), else its
   * resourceVersion. Then the autoscaled Deployments.
   */
  public List<String> versions() {
    List<String> lines = new ArrayList<>();
    objects.forEach(
        (key, o) -> {
          Long generation = o.getMetadata().getGeneration();
          lines.add(
              key
                  + " "
                  + (generation != null
                      ? "g" + generation
                      : "r" + o.getMetadata().getResourceVersion()));
        });
    autoscaled.forEach(a -> lines.add("autoscaled " + a));
    return lines;
  }
}
