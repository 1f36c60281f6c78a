package dev.trueup.load;

import dev.trueup.diagnostic.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A list whose end event has not come yet. */
final class OpenList extends OpenCollection {
  private final List<YamlNode> items = new ArrayList<>();

  OpenList(SourceLocation at, Optional<String> anchor, OpenAnchor slot, boolean refused) {
    super(at, anchor, slot, refused);
  }

  @Override
  void appendChildSegment(StringBuilder path) {
    path.append('[').append(items.size()).append(']');
  }

  @Override
  void add(YamlNode node, int childHeight, long childSize) {
    grow(childHeight, childSize);
    items.add(node);
  }

  @Override
  YamlNode build() {
    return new YamlList(at, items);
  }
}
