package dev.trueup.backend;

import dev.trueup.diff.KindDiffer;
import dev.trueup.render.KindRenderer;

/**
 * One back end's pure part: how it renders its kinds and how it diffs them. Its I/O (observing,
 * applying) is the driver beside it ({@code driver.Driver}).
 */
public record BackEnd(String name, KindRenderer renderer, KindDiffer differ) {}
