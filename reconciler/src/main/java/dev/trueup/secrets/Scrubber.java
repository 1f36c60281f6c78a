package dev.trueup.secrets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes secret values from text bound for people or the store: apply output, outcomes, run
 * records, history, notifications. It knows each value in every form {@link SecretForms} lists, and
 * URL user information ({@code https://user:token@host}).
 *
 * <p>It is also the only way trueup shortens such a message ({@link #line}, {@link #firstLine}),
 * and it scrubs <em>before</em> it cuts: cut first, a value straddling the cut would survive as its
 * first characters, which no scrubbing can recognize any more. For the same reason whitespace is
 * folded only after scrubbing (a value holding spaces or a line break would no longer match).
 */
public final class Scrubber {
  /** What a value is replaced with. */
  public static final String MASK = "[secret]";

  /** Shorter values cannot be told from ordinary text: replacing them would wreck every message. */
  static final int MIN_LENGTH = 3;

  /** The start of a value this long at the very end of a text is taken for a value cut there. */
  static final int MIN_PREFIX = 8;

  private static final Pattern USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]*@");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Scrubber NONE = new Scrubber(List.of());

  /** Every form of every value, longest first (a longer form is never left half replaced). */
  private final List<String> forms;

  private Scrubber(List<String> forms) {
    this.forms = forms;
  }

  /** A scrubber that knows no value (still removes URL user information). */
  public static Scrubber none() {
    return NONE;
  }

  /** A scrubber for these values (null, empty and very short ones are ignored). */
  public static Scrubber of(Collection<String> values) {
    Set<String> all = new LinkedHashSet<>();
    for (String value : values) {
      if (value == null) {
        continue;
      }
      all.addAll(formsOf(value));
      // A value of several lines (a key, a certificate) may surface one line at a time.
      if (value.indexOf('\n') >= 0) {
        value.lines().map(String::strip).forEach(line -> all.addAll(formsOf(line)));
      }
    }
    List<String> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new Scrubber(List.copyOf(sorted));
  }

  /** A scrubber for resolved secrets. */
  public static Scrubber ofSecrets(Collection<SecretValue> values) {
    return of(values.stream().map(SecretValue::reveal).toList());
  }

  private static Set<String> formsOf(String value) {
    if (value.length() < MIN_LENGTH) {
      return Set.of();
    }
    Set<String> forms = new LinkedHashSet<>(SecretForms.of(value));
    forms.removeIf(f -> f.length() < MIN_LENGTH);
    return forms;
  }

  /** The whole text, every known value replaced by {@link #MASK}; nothing cut. */
  public String scrub(String text) {
    if (text == null) {
      return "";
    }
    String out = text;
    for (String form : forms) {
      out = out.replace(form, MASK);
    }
    out = USERINFO.matcher(out).replaceAll("$1");
    for (String form : forms) {
      out = withoutCutTail(out, form);
    }
    return out;
  }

  /**
   * One line for a report: scrubbed, then every run of whitespace made one space, then cut to
   * {@code max} characters (with "...").
   */
  public String line(String text, int max) {
    return cut(WHITESPACE.matcher(scrub(text)).replaceAll(" ").strip(), max);
  }

  /** The first non-empty line of a text (a command's stderr), scrubbed first, then cut. */
  public String firstLine(String text, int max) {
    String first = scrub(text).strip().lines().findFirst().orElse("");
    return cut(first.strip(), max);
  }

  private static String cut(String text, int max) {
    return text.length() > max ? text.substring(0, max) + "..." : text;
  }

  /**
   * A text that someone else cut ends with the start of a value: that start goes too. Only at the
   * very end (before trailing whitespace or an ellipsis), and only for {@link #MIN_PREFIX} or more
   * characters, so that ordinary words are left alone.
   */
  private static String withoutCutTail(String text, String form) {
    if (form.length() <= MIN_PREFIX) {
      return text;
    }
    int stop = text.length();
    while (stop > 0) {
      if (Character.isWhitespace(text.charAt(stop - 1)) || text.charAt(stop - 1) == '\u2026') {
        stop--;
      } else if (stop >= 3 && text.startsWith("...", stop - 3)) {
        stop -= 3;
      } else {
        break;
      }
    }
    String head = form.substring(0, MIN_PREFIX);
    int from = Math.max(0, stop - form.length() + 1);
    for (int i = text.indexOf(head, from);
        i >= 0 && i + MIN_PREFIX <= stop;
        i = text.indexOf(head, i + 1)) {
      if (form.startsWith(text.substring(i, stop))) {
        return text.substring(0, i) + MASK + text.substring(stop);
      }
    }
    return text;
  }
}
