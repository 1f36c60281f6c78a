package dev.trueup.policy;

import dev.trueup.model.ChangeClass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a commit message says about the class of what it changed, read the Conventional Commits way:
 * {@code type(scope)!: description}, a {@code BREAKING CHANGE:} footer, and git trailers (the last
 * paragraph's {@code Key: value} lines), of which {@code Change-Class:} names a class outright.
 *
 * @param type the lower-cased type ({@code fix}, {@code feat}, ...), empty when the subject is not
 *     conventional
 * @param trailers trailer keys lower-cased, values in order of appearance
 */
public record ConventionalCommit(
    String subject,
    Optional<String> type,
    Optional<String> scope,
    boolean breaking,
    Map<String, List<String>> trailers) {

  private static final Pattern HEADER =
      Pattern.compile("^([A-Za-z][A-Za-z0-9-]*)(?:\\(([^()\\r\\n]*)\\))?(!)?: +(\\S.*)$");
  private static final Pattern TRAILER =
      Pattern.compile("^([A-Za-z][A-Za-z0-9-]*|BREAKING CHANGE)(?::\\s*| #)(.*)$");
  private static final String CHANGE_CLASS = "change-class";

  public ConventionalCommit {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    trailers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    trailers = java.util.Collections.unmodifiableMap(copy);
  }

  public static ConventionalCommit parse(String message) {
    String normalized = message.replace("\r\n", "\n").strip();
    String[] lines = normalized.split("\n", -1);
    String subject = lines.length == 0 ? "" : lines[0].strip();
    Matcher m = HEADER.matcher(subject);
    Optional<String> type = Optional.empty();
    Optional<String> scope = Optional.empty();
    boolean breaking = false;
    if (m.matches()) {
      type = Optional.of(m.group(1).toLowerCase(Locale.ROOT));
      scope = Optional.ofNullable(m.group(2));
      breaking = m.group(3) != null;
    }
    Map<String, List<String>> trailers = trailers(lines);
    breaking |= trailers.containsKey("breaking change") || trailers.containsKey("breaking-change");
    return new ConventionalCommit(subject, type, scope, breaking, trailers);
  }

  /** The trailers: the last paragraph after the subject, when every line of it is one. */
  private static Map<String, List<String>> trailers(String[] lines) {
    int end = lines.length;
    int start = end;
    while (start > 1 && !lines[start - 1].isBlank()) {
      start--;
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (start <= 1 || start == end) {
      return out; // no body paragraph after the subject
    }
    List<String[]> found = new ArrayList<>();
    for (int i = start; i < end; i++) {
      Matcher t = TRAILER.matcher(lines[i]);
      if (!t.matches()) {
        if (Character.isWhitespace(lines[i].charAt(0)) && !found.isEmpty()) {
          String[] last = found.get(found.size() - 1);
          last[1] = last[1] + " " + lines[i].strip(); // folded continuation
          continue;
        }
        return out; // a prose paragraph, not trailers
      }
      found.add(new String[] {t.group(1).toLowerCase(Locale.ROOT), t.group(2).strip()});
    }
    for (String[] kv : found) {
      out.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv[1]);
    }
    return out;
  }

  /** The class a {@code Change-Class:} trailer names (the last one wins), if a known one. */
  public Optional<ChangeClass> declaredClass() {
    List<String> values = trailers.getOrDefault(CHANGE_CLASS, List.of());
    for (int i = values.size() - 1; i >= 0; i--) {
      try {
        return Optional.of(ChangeClass.fromYaml(values.get(i).strip()));
      } catch (IllegalArgumentException unknown) {
        // an unknown class name says nothing; an earlier trailer may still
      }
    }
    return Optional.empty();
  }

  /**
   * The class this commit gives what it touched: an explicit trailer first (it is what the author
   * meant), else breaking → major, {@code feat} → minor, {@code fix} → bugfix; other types say
   * nothing.
   */
  public Optional<ChangeClass> changeClass() {
    Optional<ChangeClass> declared = declaredClass();
    if (declared.isPresent()) {
      return declared;
    }
    if (breaking) {
      return Optional.of(ChangeClass.MAJOR);
    }
    return type.flatMap(
        t ->
            switch (t) {
              case "feat" -> Optional.of(ChangeClass.MINOR);
              case "fix" -> Optional.of(ChangeClass.BUGFIX);
              default -> Optional.empty();
            });
  }

  /** Which part of the message gave {@link #changeClass()}, for the rule a report shows. */
  String evidence() {
    if (declaredClass().isPresent()) {
      return "Change-Class: " + declaredClass().get().yaml();
    }
    if (breaking && !subject.matches("^[^:]*!:.*")) {
      return "BREAKING CHANGE";
    }
    return subject;
  }
}
