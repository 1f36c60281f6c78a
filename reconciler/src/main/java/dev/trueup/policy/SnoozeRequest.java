package dev.trueup.policy;

import dev.trueup.render.ResourceKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person's "leave this drift alone until then, because", checked the same way whether it came
 * from {@code trueup snooze} or {@code POST /api/v1/snoozes}: a resource as plans name it ({@code
 * KIND:ID}), an end in the future, a reason. Every problem is said at once. Pure.
 *
 * @param resource {@code kind:id}, or empty for every resource of the node
 */
public record SnoozeRequest(String node, Optional<String> resource, Instant until, String reason) {

  private static final Pattern RELATIVE = Pattern.compile("\\+(\\d{1,4})([hd])");

  /** A checked request, or what is wrong with it (messages name the field, never echo controls). */
  public sealed interface Checked {
    record Ok(SnoozeRequest request) implements Checked {}

    record Invalid(List<String> problems) implements Checked {}
  }

  /**
   * @param until an instant ({@code 2026-12-24T08:00:00Z}), a date (its start, UTC) or {@code +N}
   *     hours or days ({@code +12h}, {@code +7d})
   */
  public static Checked check(
      String node, Optional<String> resource, String until, String reason, Instant now) {
    List<String> problems = new ArrayList<>();
    if (node == null || node.isBlank()) {
      problems.add("node: required");
    }
    resource.flatMap(SnoozeRequest::resourceProblem).ifPresent(p -> problems.add("resource: " + p));
    Optional<Instant> end = until == null ? Optional.empty() : end(until, now);
    if (end.isEmpty()) {
      problems.add("until: not an instant, a date or +N hours/days (e.g. 2026-12-24, +7d)");
    } else if (!end.get().isAfter(now)) {
      problems.add("until: has passed: a snooze ends in the future");
    }
    if (reason == null || reason.isBlank()) {
      problems.add("reason: must say why");
    }
    return problems.isEmpty()
        ? new Checked.Ok(new SnoozeRequest(node, resource, end.get(), reason.strip()))
        : new Checked.Invalid(problems);
  }

  static Optional<String> resourceProblem(String resource) {
    int colon = resource.indexOf(':');
    if (colon <= 0 || colon == resource.length() - 1) {
      return Optional.of("not KIND:ID");
    }
    String kind = resource.substring(0, colon);
    boolean known = Arrays.stream(ResourceKind.values()).anyMatch(k -> k.json().equals(kind));
    return known
        ? Optional.empty()
        : Optional.of(
            "no resource kind '"
                + kind
                + "' (kinds: "
                + String.join(
                    ", ", Arrays.stream(ResourceKind.values()).map(ResourceKind::json).toList())
                + ")");
  }

  static Optional<Instant> end(String text, Instant now) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = RELATIVE.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return Optional.of(
          now.plus(m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n)));
    }
    try {
      return Optional.of(Instant.parse(text.strip()));
    } catch (DateTimeParseException e) {
      // not an instant: a date, perhaps
    }
    try {
      return Optional.of(LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
