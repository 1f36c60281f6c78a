package dev.trueup.driver.kubernetes.model;

import dev.trueup.model.ManagedFile;
import dev.trueup.model.Node;
import dev.trueup.model.Schedule;
import dev.trueup.model.Service;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every object trueup wants in a kubernetes node's namespace, by key. Pure data: Secrets carry
 * references only (see {@link Workloads#secret}), never values.
 */
public record DesiredNamespace(String node, SortedMap<ObjectKey, HasMetadata> objects) {

  public DesiredNamespace {
    objects = Collections.unmodifiableSortedMap(new TreeMap<>(objects));
  }

  /**
   * The objects of a resolved node.
   *
   * @param files the rendered content of each managed file, by node path (rendering is the
   *     caller's: templates live outside this driver)
   * @param jobImage the image CronJobs run their command in (the model's schedules name no image)
   */
  public static DesiredNamespace of(Node node, Map<String, byte[]> files, String jobImage) {
    List<HasMetadata> list = new ArrayList<>();
    String name = node.name();
    for (Service service : node.services().values()) {
      list.add(Workloads.deployment(name, service));
      Workloads.service(name, service).ifPresent(list::add);
      Workloads.secret(name, service).ifPresent(list::add);
    }
    for (Schedule schedule : node.schedules().values()) {
      list.add(CronJobs.cronJob(name, schedule, jobImage));
    }
    for (ManagedFile file : node.files().values()) {
      byte[] content = files.get(file.path().toString());
      if (content == null) {
        throw new IllegalArgumentException("no rendered content for " + file.path());
      }
      list.add(FileConfigMaps.configMap(name, file, content));
    }
    PrometheusRules.prometheusRule(name, List.copyOf(node.alerts().values())).ifPresent(list::add);
    return of(name, list);
  }

  /** A namespace where trueup wants nothing (every object it owns there is to be deleted). */
  public static DesiredNamespace empty(String node) {
    return new DesiredNamespace(node, new TreeMap<>());
  }

  public static DesiredNamespace of(String node, List<? extends HasMetadata> objects) {
    TreeMap<ObjectKey, HasMetadata> map = new TreeMap<>();
    for (HasMetadata o : objects) {
      if (map.put(ObjectKey.of(o), o) != null) {
        throw new NotRepresentable(
            "two objects of node '" + node + "' would both be " + ObjectKey.of(o));
      }
    }
    return new DesiredNamespace(node, map);
  }

  /** The display ids of the objects, e.g. {@code Deployment/web}, in apply order. */
  public List<String> ids() {
    return objects.keySet().stream().map(ObjectKey::toString).toList();
  }

  /**
   * Everything that makes one object what it is, without the labels naming the node (so the same
   * object on a staging and a production node compares equal). Secrets carry references only.
   */
  public String canonical(String id) {
    for (Map.Entry<ObjectKey, HasMetadata> e : objects.entrySet()) {
      if (e.getKey().toString().equals(id)) {
        Map<String, Object> map = new TreeMap<>(KubeDiff.map(e.getValue()));
        Object metadata = map.get("metadata");
        if (metadata instanceof Map<?, ?> m) {
          TreeMap<Object, Object> copy = new TreeMap<>(m);
          copy.remove("labels");
          map.put("metadata", copy);
        }
        return map.toString();
      }
    }
    throw new IllegalArgumentException("no object " + id + " in the namespace of " + node);
  }
}
