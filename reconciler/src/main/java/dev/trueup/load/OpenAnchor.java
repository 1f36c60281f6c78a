package dev.trueup.load;

/**
 * An anchor whose value is still being composed (an alias to it would recurse). Compared by
 * identity: an anchor redefined inside its own value names the inner one.
 */
final class OpenAnchor implements EventComposer.Anchored {}
