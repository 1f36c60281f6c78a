package dev.trueup.load;

import dev.trueup.diagnostic.SourceLocation;
import java.util.Optional;

/** A collection whose end event has not come yet. */
abstract class OpenCollection {
  final SourceLocation at;
  final Optional<String> anchor;
  final OpenAnchor slot;
  final boolean refused;
  int height = 1;
  long size = 1;

  OpenCollection(SourceLocation at, Optional<String> anchor, OpenAnchor slot, boolean refused) {
    this.at = at;
    this.anchor = anchor;
    this.slot = slot;
    this.refused = refused;
  }

  /** Appends what the next child adds to this collection's path. */
  abstract void appendChildSegment(StringBuilder path);

  abstract void add(YamlNode node, int childHeight, long childSize);

  abstract YamlNode build();

  void grow(int childHeight, long childSize) {
    height = Math.max(height, childHeight + 1);
    size += childSize;
  }
}
