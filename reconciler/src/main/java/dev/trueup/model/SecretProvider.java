package dev.trueup.model;

import java.util.Map;

/** A named source of secret values ({@code env}, {@code files}, ...) and its settings. */
public record SecretProvider(
    String name, String type, Map<String, String> settings, Origins origins) {
  public SecretProvider {
    settings = Map.copyOf(settings);
  }
}
