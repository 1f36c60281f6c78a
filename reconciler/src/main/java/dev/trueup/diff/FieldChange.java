package dev.trueup.diff;

import java.util.Optional;

/**
 * One field that differs, as display text (already normalized and redacted). Empty means the field
 * is absent on that side: a create has no live values, a delete no desired ones.
 */
public record FieldChange(String field, Optional<String> desired, Optional<String> live) {

  public static FieldChange of(String field, String desired, String live) {
    return new FieldChange(field, Optional.ofNullable(desired), Optional.ofNullable(live));
  }
}
