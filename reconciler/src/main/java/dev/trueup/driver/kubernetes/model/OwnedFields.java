package dev.trueup.driver.kubernetes.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares an object trueup wants with the live one on the fields trueup sets, and on those only.
 *
 * <ul>
 *   <li>A field the desired object leaves out is not trueup's: whatever the server defaults or
 *       another manager sets there is ignored ({@code status}, {@code metadata} other than labels
 *       and annotations, {@code imagePullPolicy}, a replica count an autoscaler owns, ...).
 *   <li>Labels and annotations: trueup's keys are compared; a {@code dev.trueup/} key that trueup
 *       no longer sets counts as drift; other keys are ignored.
 *   <li>Lists of named things ({@code containers}, {@code env}, ports) are matched by name (or
 *       port); trueup's elements are compared field by field. An extra element counts as drift,
 *       except in {@code containers} and {@code volumes}, where injected sidecars and their volumes
 *       belong to someone else. Lists of scalars ({@code args}, {@code command}) are compared
 *       whole.
 *   <li>{@code data} and {@code binaryData} (ConfigMap) are trueup's entirely. A Secret's {@code
 *       data} is never compared or shown: its fingerprint annotation stands for it.
 * </ul>
 */
final class OwnedFields {

  private static final Set<String> IGNORED_TOP = Set.of("apiVersion", "kind", "status");
  private static final Set<String> WHOLE_MAPS = Set.of("data", "binaryData");
  private static final Set<String> OPEN_LISTS = Set.of("containers", "volumes", "initContainers");
  private static final String TRUEUP_PREFIX = "dev.trueup/";
  private static final int MAX_SHOWN = 200;

  private final List<KubeField> out = new ArrayList<>();
  private final boolean secret;

  private OwnedFields(boolean secret) {
    this.secret = secret;
  }

  static List<KubeField> compare(
      Map<String, Object> desired, Map<String, Object> live, boolean secret) {
    OwnedFields f = new OwnedFields(secret);
    for (Map.Entry<String, Object> e : desired.entrySet()) {
      String key = e.getKey();
      if (IGNORED_TOP.contains(key)) {
        continue;
      }
      if (key.equals("metadata")) {
        f.metadata(asMap(e.getValue()), asMap(live.get("metadata")));
      } else if (secret && (key.equals("data") || key.equals("stringData"))) {
        continue;
      } else {
        f.value(key, key, e.getValue(), live.get(key));
      }
    }
    return f.out;
  }

  private void metadata(Map<String, Object> desired, Map<String, Object> live) {
    for (String part : List.of("labels", "annotations")) {
      Map<String, Object> d = asMap(desired.get(part));
      Map<String, Object> l = asMap(live.get(part));
      for (Map.Entry<String, Object> e : d.entrySet()) {
        String path = "metadata." + part + "." + e.getKey();
        if (secret && e.getKey().equals(Labels.SECRET_FINGERPRINT)) {
          if (!Objects.equals(e.getValue(), l.get(e.getKey()))) {
            out.add(KubeField.of("data", "changed", l.containsKey(e.getKey()) ? "changed" : null));
          }
          continue;
        }
        value(path, e.getKey(), e.getValue(), l.get(e.getKey()));
      }
      for (Map.Entry<String, Object> e : l.entrySet()) {
        if (secret
            && e.getKey().equals(Labels.SECRET_FINGERPRINT)
            && !d.containsKey(e.getKey())
            && SecretMaterializer.EDITED.equals(e.getValue())) {
          out.add(KubeField.of("data", "as its references resolve", SecretMaterializer.EDITED));
        }
        if (e.getKey().startsWith(TRUEUP_PREFIX)
            && !d.containsKey(e.getKey())
            && !e.getKey().equals(Labels.SECRET_FINGERPRINT)) {
          out.add(KubeField.of("metadata." + part + "." + e.getKey(), null, show(e.getValue())));
        }
      }
    }
  }

  private void value(String path, String name, Object desired, Object live) {
    if (desired instanceof Map<?, ?> dm) {
      Map<String, Object> d = asMap(dm);
      Map<String, Object> l = asMap(live);
      if (live != null && !(live instanceof Map<?, ?>)) {
        out.add(KubeField.of(path, show(desired), show(live)));
        return;
      }
      for (Map.Entry<String, Object> e : d.entrySet()) {
        value(path + "." + e.getKey(), e.getKey(), e.getValue(), l.get(e.getKey()));
      }
      if (WHOLE_MAPS.contains(name)) {
        for (Map.Entry<String, Object> e : l.entrySet()) {
          if (!d.containsKey(e.getKey())) {
            out.add(KubeField.of(path + "." + e.getKey(), null, show(e.getValue())));
          }
        }
      }
    } else if (desired instanceof List<?> dl) {
      list(path, name, dl, live instanceof List<?> ll ? ll : live == null ? List.of() : null, live);
    } else if (!same(desired, live)) {
      out.add(KubeField.of(path, show(desired), show(live)));
    }
  }

  private void list(String path, String name, List<?> desired, List<?> live, Object rawLive) {
    if (live == null) {
      out.add(KubeField.of(path, show(desired), show(rawLive)));
      return;
    }
    boolean keyed = !desired.isEmpty() && desired.stream().allMatch(e -> keyOf(e) != null);
    if (!keyed) {
      if (!sameList(desired, live)) {
        out.add(KubeField.of(path, show(desired), show(live)));
      }
      return;
    }
    Map<String, Object> liveByKey = new LinkedHashMap<>();
    for (Object e : live) {
      String k = keyOf(e);
      if (k != null) {
        liveByKey.put(k, e);
      }
    }
    Set<String> desiredKeys = new java.util.HashSet<>();
    for (Object e : desired) {
      String k = keyOf(e);
      desiredKeys.add(k);
      String elementPath = path + "[" + k + "]";
      Object l = liveByKey.get(k);
      if (l == null) {
        out.add(KubeField.of(elementPath, show(e), null));
      } else {
        value(elementPath, name, e, l);
      }
    }
    if (!OPEN_LISTS.contains(name)) {
      for (Map.Entry<String, Object> e : liveByKey.entrySet()) {
        if (!desiredKeys.contains(e.getKey())) {
          out.add(KubeField.of(path + "[" + e.getKey() + "]", null, show(e.getValue())));
        }
      }
    }
  }

  /** The merge key of a list element: its name, or its port and protocol. */
  private static String keyOf(Object element) {
    if (!(element instanceof Map<?, ?> m)) {
      return null;
    }
    if (m.get("name") instanceof String s) {
      return s;
    }
    Object port = m.containsKey("containerPort") ? m.get("containerPort") : m.get("port");
    if (port != null) {
      Object protocol = m.get("protocol");
      return port + "/" + (protocol == null ? "TCP" : protocol);
    }
    if (m.get("alert") instanceof String alert) {
      return alert;
    }
    return null;
  }

  private boolean sameList(List<?> desired, List<?> live) {
    if (desired.size() != live.size()) {
      return false;
    }
    for (int i = 0; i < desired.size(); i++) {
      Object d = desired.get(i);
      Object l = live.get(i);
      if (d instanceof Map<?, ?> || d instanceof List<?>) {
        OwnedFields sub = new OwnedFields(secret);
        sub.value("", "", d, l);
        if (!sub.out.isEmpty()) {
          return false;
        }
      } else if (!same(d, l)) {
        return false;
      }
    }
    return true;
  }

  private static boolean same(Object desired, Object live) {
    if (desired instanceof Number a && live instanceof Number b) {
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }
    return Objects.equals(desired, live);
  }

  private static String show(Object value) {
    if (value == null) {
      return null;
    }
    String s = String.valueOf(value);
    return s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "..." : s;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
