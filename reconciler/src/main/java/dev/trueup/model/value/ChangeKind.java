package dev.trueup.model.value;

/** How far one version moved from another, as semantic versioning reads it. */
public enum ChangeKind {
  PATCH,
  MINOR,
  MAJOR,
  /** The new version is older than the one it replaces. */
  DOWNGRADE,
  /** The versions cannot be compared: a changed variant suffix, or no change in the numbers. */
  UNKNOWN
}
