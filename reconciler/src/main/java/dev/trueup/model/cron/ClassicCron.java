package dev.trueup.model.cron;

import dev.trueup.model.value.Parsed;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Classic five-field cron, as Vixie cron, cronie and Kubernetes CronJob read it: {@code minute hour
 * day-of-month month day-of-week}, with lists, ranges, steps, names and the {@code @} macros.
 * Single values with a step ({@code 5/15}) and {@code ?} are not accepted, because Vixie cron
 * rejects them.
 */
final class ClassicCron {

  private static final Map<String, String> MACROS =
      Map.of(
          "@hourly", "0 * * * *",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@weekly", "0 0 * * 0",
          "@monthly", "0 0 1 * *",
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *");

  private static final String FIELDS = "minute hour day-of-month month day-of-week";

  private ClassicCron() {}

  /** The normalized text (single spaces, lower case) and its schedule. */
  static Parsed<CronExpression> parse(String text) {
    String normalized = String.join(" ", text.strip().split("\\s+")).toLowerCase(Locale.ROOT);
    if (normalized.isEmpty()) {
      return Parsed.invalid("cron expression is empty", "write it like \"0 6 * * *\"");
    }
    if (normalized.startsWith("cron_tz=") || normalized.startsWith("tz=")) {
      return Parsed.invalid(
          "a time zone prefix in the cron expression is not supported",
          "set the schedule's timezone field instead");
    }
    String fields = normalized;
    if (normalized.startsWith("@")) {
      if (normalized.equals("@reboot")) {
        return Parsed.invalid(
            "@reboot is not a schedule: it runs once at boot",
            "manage boot-time tasks as a systemd unit instead");
      }
      fields = MACROS.get(normalized);
      if (fields == null) {
        return Parsed.invalid(
            "unknown cron macro \"" + text.strip() + "\"",
            "use @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually");
      }
    }
    String[] parts = fields.split(" ");
    if (parts.length != 5) {
      return Parsed.invalid(
          "expected 5 fields (" + FIELDS + "), found " + parts.length,
          parts.length == 6 ? "seconds or years are not supported; use five fields" : null);
    }
    List<CronField> order = List.of(CronField.values());
    long[] masks = new long[5];
    for (int i = 0; i < 5; i++) {
      Parsed<Long> mask = order.get(i).parse(parts[i]);
      if (mask instanceof Parsed.Invalid<Long> invalid) {
        return invalid.cast();
      }
      masks[i] = mask.value();
    }
    // Vixie cron: a field starting with '*' counts as unrestricted, even "*/2".
    boolean bothRestricted = !parts[2].startsWith("*") && !parts[4].startsWith("*");
    Schedule schedule =
        new Schedule(
            1L,
            masks[0],
            masks[1],
            masks[2],
            masks[3],
            masks[4],
            List.of(),
            bothRestricted ? DayRule.EITHER : DayRule.BOTH);
    String never = schedule.neverFiresReason();
    if (never != null) {
      return Parsed.invalid(never);
    }
    return Parsed.ok(new CronExpression(CronDialect.CRON, normalized, schedule));
  }
}
