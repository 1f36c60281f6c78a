package dev.trueup.driver.kubernetes.model;

import dev.trueup.model.Schedule;
import dev.trueup.model.cron.CronDialect;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRulesProvider;
import java.util.Map;
import java.util.TreeMap;

/**
 * A schedule as a CronJob: the cron text as written, the schedule's time zone in {@code timeZone},
 * the command run by {@code /bin/sh -c} in the given image. Pure.
 */
public final class CronJobs {

  private CronJobs() {}

  public static CronJob cronJob(String node, Schedule schedule, String image) {
    if (schedule.cron().dialect() != CronDialect.CRON) {
      throw new NotRepresentable(
          "schedule '"
              + schedule.name()
              + "' is written in the systemd dialect (\""
              + schedule.cron().text()
              + "\"); a Kubernetes CronJob takes classic five-field cron only: rewrite it as cron");
    }
    String text = schedule.cron().text();
    if (text.contains("TZ=")) {
      throw new NotRepresentable(
          "schedule '" + schedule.name() + "' sets TZ in its text; use the timezone field instead");
    }
    TreeMap<String, String> labels = new TreeMap<>(Labels.owned(node));
    labels.put(Labels.NAME, schedule.name());
    TreeMap<String, String> annotations = new TreeMap<>();
    if (schedule.user() != null && !schedule.user().isBlank()) {
      annotations.put(Labels.SCHEDULE_USER, schedule.user());
    }
    return new CronJobBuilder()
        .withNewMetadata()
        .withName(schedule.name())
        .withLabels(labels)
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        .endMetadata()
        .withNewSpec()
        .withSchedule(text)
        .withTimeZone(timeZone(schedule.name(), schedule.timezone()))
        .withConcurrencyPolicy("Forbid")
        .withNewJobTemplate()
        .withNewMetadata()
        .withLabels(Map.of(Labels.NAME, schedule.name(), Labels.NODE, node))
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of(Labels.NAME, schedule.name(), Labels.NODE, node))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName(schedule.name())
        .withImage(image)
        .withCommand("/bin/sh", "-c", schedule.command())
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .endJobTemplate()
        .endSpec()
        .build();
  }

  /**
   * The IANA name Kubernetes expects in {@code timeZone}. UTC is written {@code Etc/UTC}; a fixed
   * offset ({@code +02:00}) has no tz database name and is refused, as is an id the tz database
   * does not know.
   */
  static String timeZone(String schedule, ZoneId zone) {
    if (zone == null || zone.equals(ZoneOffset.UTC) || zone.getId().equals("UTC")) {
      return "Etc/UTC";
    }
    if (zone.getId().equals("GMT")) {
      return "Etc/GMT";
    }
    if (zone instanceof ZoneOffset || zone.getId().matches("(UTC|GMT|UT)?[+-].*")) {
      throw new NotRepresentable(
          "schedule '"
              + schedule
              + "' uses the fixed offset "
              + zone.getId()
              + "; a CronJob's timeZone must be a tz database name such as Europe/Berlin");
    }
    if (!ZoneRulesProvider.getAvailableZoneIds().contains(zone.getId())) {
      throw new NotRepresentable(
          "schedule '"
              + schedule
              + "' uses time zone "
              + zone.getId()
              + ", unknown to the tz database");
    }
    return zone.getId();
  }
}
