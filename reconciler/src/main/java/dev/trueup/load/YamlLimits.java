package dev.trueup.load;

/** Bounds that keep a hostile or broken file from exhausting memory or stack. */
public record YamlLimits(int maxBytes, int maxDepth, int maxValues, int maxAliases) {

  public static final YamlLimits DEFAULT = new YamlLimits(1 << 20, 64, 100_000, 50);
}
