package dev.trueup.driver.kubernetes.model;

/**
 * What to do when another field manager owns a field trueup wants to set. Chosen by policy, never
 * by the driver: the default reports the conflict and leaves the object as it is.
 */
public enum ConflictPolicy {
  /** Server-side apply without force: a conflict is reported, nothing is taken over. */
  REPORT,
  /** Server-side apply with force: trueup takes the conflicting fields over. */
  FORCE
}
