package dev.trueup.policy;

import dev.trueup.model.value.ChangeKind;
import dev.trueup.model.value.ImageRef;
import dev.trueup.model.value.Parsed;
import dev.trueup.model.value.SemVer;

/** A container image that changes from one reference to another. */
public record ImageBump(ImageRef from, ImageRef to) {

  /** How far the tag moved; another repository altogether counts as MAJOR. */
  public ChangeKind kind() {
    if (!from.repository().equals(to.repository())) {
      return ChangeKind.MAJOR;
    }
    if (from.version() instanceof Parsed.Ok<SemVer> a
        && to.version() instanceof Parsed.Ok<SemVer> b) {
      return SemVer.compare(a.value(), b.value());
    }
    return ChangeKind.UNKNOWN;
  }

  @Override
  public String toString() {
    return from.text() + " → " + to.text();
  }
}
