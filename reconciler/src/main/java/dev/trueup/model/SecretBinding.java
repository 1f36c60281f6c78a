package dev.trueup.model;

/**
 * How a secret reference becomes a value on one node: which provider, under which key. The most
 * specific binding wins (node over group over fleet); {@code scope} says which one did.
 */
public record SecretBinding(
    String ref, String provider, String key, String scope, Origins origins) {}
