package dev.trueup.model;

import java.util.Optional;

/**
 * A package the node's package manager should have installed, or not.
 *
 * @param version a version glob ({@code 7.88.*}) the installed version must match; empty: any
 * @param present false for {@code state: absent}: removed if installed, never otherwise touched
 */
public record PackageSpec(
    String name, boolean present, Optional<String> version, Origins origins) {}
