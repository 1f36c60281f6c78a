package dev.trueup.model.value;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version read leniently from an image tag: {@code 16.4}, {@code v1.2.3}, {@code 1.25-alpine}.
 * The core is one to four numbers; whatever follows ({@code -alpine}, {@code -rc1}) is the suffix.
 */
public record SemVer(List<Integer> core, String suffix) {

  private static final Pattern TAG = Pattern.compile("[vV]?(\\d{1,9}(?:\\.\\d{1,9}){0,3})(.*)");

  public SemVer {
    core = List.copyOf(core);
    if (core.isEmpty() || core.size() > 4) {
      throw new IllegalArgumentException("a version has one to four numbers: " + core);
    }
    suffix = suffix == null ? "" : suffix;
  }

  public static Parsed<SemVer> parse(String tag) {
    if (tag == null || tag.isEmpty()) {
      return Parsed.invalid("version is empty");
    }
    Matcher m = TAG.matcher(tag);
    if (!m.matches()) {
      return Parsed.invalid("tag \"" + tag + "\" is not a version");
    }
    String suffix = m.group(2);
    if (!suffix.isEmpty() && Character.isDigit(suffix.charAt(0))) {
      return Parsed.invalid("tag \"" + tag + "\" has a number too long for a version");
    }
    if (suffix.startsWith(".")) {
      return Parsed.invalid("tag \"" + tag + "\" has more than four version numbers");
    }
    List<Integer> core = new ArrayList<>();
    for (String n : m.group(1).split("\\.")) {
      core.add(Integer.parseInt(n));
    }
    return Parsed.ok(new SemVer(core, suffix));
  }

  public int major() {
    return part(0);
  }

  public int minor() {
    return part(1);
  }

  public int patch() {
    return part(2);
  }

  /** The number at {@code index}; missing numbers count as 0, so 16.4 is 16.4.0. */
  public int part(int index) {
    return index < core.size() ? core.get(index) : 0;
  }

  /**
   * How {@code to} differs from {@code from}. Like Cargo, a 0.x version treats its second number as
   * the breaking one: 0.3 → 0.4 is MAJOR, 0.3.1 → 0.3.2 is PATCH. A changed suffix (alpine →
   * bookworm, rc1 → final) is UNKNOWN, as is no change at all.
   */
  public static ChangeKind compare(SemVer from, SemVer to) {
    if (!from.suffix.equals(to.suffix)) {
      return ChangeKind.UNKNOWN;
    }
    int first = -1;
    for (int i = 0; i < 4; i++) {
      if (from.part(i) != to.part(i)) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return ChangeKind.UNKNOWN;
    }
    if (to.part(first) < from.part(first)) {
      return ChangeKind.DOWNGRADE;
    }
    if (first == 1 && from.major() == 0) {
      first = 0; // 0.x: the minor number is the breaking one
    }
    return switch (first) {
      case 0 -> ChangeKind.MAJOR;
      case 1 -> ChangeKind.MINOR;
      default -> ChangeKind.PATCH;
    };
  }

  @Override
  public String toString() {
    return String.join(".", core.stream().map(String::valueOf).toList()) + suffix;
  }
}
