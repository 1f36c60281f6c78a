package dev.trueup.model;

import java.util.Optional;

/**
 * A local group.
 *
 * @param present false for {@code state: absent}
 */
public record GroupAccount(
    String name, Optional<Integer> gid, boolean system, boolean present, Origins origins) {}
