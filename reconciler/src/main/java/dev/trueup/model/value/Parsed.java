package dev.trueup.model.value;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of parsing user text into a value: the value, or a message (and optional hint) for a
 * diagnostic. Parsers never throw on bad input; the caller turns {@link Invalid} into a diagnostic
 * carrying file, line and field.
 */
public sealed interface Parsed<T> {

  /** A successfully parsed value. */
  record Ok<T>(T value) implements Parsed<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A rejection: a short lower-case message naming the offending text, and how to fix it. */
  record Invalid<T>(String message, String hint) implements Parsed<T> {
    public Invalid {
      Objects.requireNonNull(message, "message");
    }

    /** Re-types this rejection; it holds no value, so any type parameter is safe. */
    public <U> Invalid<U> cast() {
      return new Invalid<>(message, hint);
    }
  }

  static <T> Parsed<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Parsed<T> invalid(String message) {
    return new Invalid<>(message, null);
  }

  static <T> Parsed<T> invalid(String message, String hint) {
    return new Invalid<>(message, hint);
  }

  default boolean isOk() {
    return this instanceof Ok<T>;
  }

  /** The value; only for callers that checked {@link #isOk()} (or tests). */
  default T value() {
    return switch (this) {
      case Ok<T> ok -> ok.value();
      case Invalid<T> invalid ->
          throw new IllegalStateException("not a value: " + invalid.message());
    };
  }

  default <U> Parsed<U> map(Function<? super T, ? extends U> f) {
    return switch (this) {
      case Ok<T> ok -> new Ok<>(f.apply(ok.value()));
      case Invalid<T> invalid -> invalid.cast();
    };
  }

  default <U> Parsed<U> flatMap(Function<? super T, Parsed<U>> f) {
    return switch (this) {
      case Ok<T> ok -> f.apply(ok.value());
      case Invalid<T> invalid -> invalid.cast();
    };
  }
}
