package dev.trueup.model;

import dev.trueup.diagnostic.SourceLocation;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Entries in a user's own crontab ({@code crontab -u USER}), for jobs that must stay there (a
 * migration from a hand-kept or Ansible crontab, a job a tool expects in that user's table). trueup
 * owns only its marked block of the table; every other line is the user's and is kept. Schedules
 * ({@code schedules:}) remain the way to declare a new job.
 *
 * @param entries by name; an empty map removes trueup's block
 */
public record CrontabSpec(String user, SortedMap<String, Entry> entries, Origins origins) {

  public CrontabSpec {
    entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
  }

  /**
   * One line of the table.
   *
   * @param at the five cron fields, or an {@code @daily}-style nickname, as cron reads them
   * @param command one line, with every {@code %} escaped (cron turns a bare one into a newline)
   */
  public record Entry(String name, String at, String command, SourceLocation origin) {}
}
