package dev.trueup.model;

import java.util.Map;

/**
 * A notification channel ({@code slack}, {@code email}, {@code webhook}). Settings hold literal
 * values and secret references only.
 */
public record Channel(String name, String type, Map<String, Object> settings, Origins origins) {
  public Channel {
    settings = Map.copyOf(settings);
  }
}
