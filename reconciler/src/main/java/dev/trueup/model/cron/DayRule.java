package dev.trueup.model.cron;

/** How a day-of-month restriction and a day-of-week restriction combine. */
enum DayRule {
  /** Both must match: systemd always, and cron when one of the two fields is unrestricted. */
  BOTH {
    @Override
    boolean matches(boolean dayOfMonth, boolean dayOfWeek) {
      return dayOfMonth && dayOfWeek;
    }
  },
  /** Vixie cron's rule when both fields are restricted: either one matching is enough. */
  EITHER {
    @Override
    boolean matches(boolean dayOfMonth, boolean dayOfWeek) {
      return dayOfMonth || dayOfWeek;
    }
  };

  abstract boolean matches(boolean dayOfMonth, boolean dayOfWeek);
}
