package dev.trueup.policy;

import java.util.Set;

/**
 * What the staging environment has proven, supplied by the caller from the record of applies: which
 * (resource, desired fingerprint) pairs are applied and verified healthy on at least one staging
 * node, and which ones some staging node's desired state carries at all.
 *
 * @param verified applied and verified on at least one staging node
 * @param staged carried by the desired state of at least one staging node
 */
public record PromotionState(Set<Resource> verified, Set<Resource> staged) {

  /** A resource id with the fingerprint of its desired content. */
  public record Resource(String id, String fingerprint) {}

  public PromotionState {
    verified = Set.copyOf(verified);
    staged = Set.copyOf(staged);
  }

  public static PromotionState none() {
    return new PromotionState(Set.of(), Set.of());
  }

  public boolean verified(ChangeKey key) {
    return verified.contains(new Resource(key.id(), key.fingerprint()));
  }

  /** Whether staging carries (or already proved) the same resource with the same content. */
  public boolean hasCounterpart(ChangeKey key) {
    Resource r = new Resource(key.id(), key.fingerprint());
    return staged.contains(r) || verified.contains(r);
  }
}
