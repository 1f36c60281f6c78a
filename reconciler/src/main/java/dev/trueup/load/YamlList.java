package dev.trueup.load;

import dev.trueup.diagnostic.SourceLocation;
import java.util.List;
import java.util.Optional;

/** A YAML sequence. */
public record YamlList(SourceLocation location, List<YamlNode> items) implements YamlNode {

  public YamlList {
    items = List.copyOf(items);
  }

  Optional<YamlNode> get(String index) {
    try {
      int i = Integer.parseInt(index);
      return i >= 0 && i < items.size() ? Optional.of(items.get(i)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public String kindName() {
    return "a list";
  }
}
