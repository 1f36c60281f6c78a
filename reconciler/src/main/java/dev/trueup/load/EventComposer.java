package dev.trueup.load;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.diagnostic.SourceLocation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingEndEvent;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceEndEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Composes one file's located tree from the parser's events, with an explicit stack of open
 * collections instead of recursion, so no nesting can exhaust the thread's stack. Depth, aliases
 * (to scalars too) and expanded size are counted as each event arrives; the first event past a
 * limit stops the parse there and is named by its line and column. Used once per file.
 */
final class EventComposer {

  /** What an anchor names: a value still open (an alias to it would recurse), or a done one. */
  private sealed interface Anchored permits Open, Done {}

  /** Compared by identity: an anchor redefined inside its own value names the inner one. */
  private static final class Open implements Anchored {}

  /** A finished value with its height (levels) and expanded size (values), for alias checks. */
  private record Done(YamlNode node, int height, long size) implements Anchored {}

  private final String file;
  private final YamlLimits limits;
  private final List<Diagnostic> problems;
  private final Deque<Frame> open = new ArrayDeque<>();
  private final Map<String, Anchored> anchors = new HashMap<>();
  private final Set<YamlNode> placeholders = Collections.newSetFromMap(new IdentityHashMap<>());
  private YamlNode root;
  private int aliases;
  private long values;
  private boolean stopped;

  EventComposer(String file, YamlLimits limits, List<Diagnostic> problems) {
    this.file = file;
    this.limits = limits;
    this.problems = problems;
  }

  /** The first document's tree; empty when a limit stopped the parse or there is no document. */
  Optional<YamlNode> compose(Iterator<Event> events) {
    int documents = 0;
    while (!stopped && events.hasNext()) {
      Event event = events.next();
      switch (event) {
        case DocumentStartEvent d -> {
          if (++documents > 1) {
            if (!isEmptyDocument(root)) {
              Event next = events.hasNext() ? events.next() : d;
              stop(
                  Diagnostic.error(
                          "yaml.multiple-documents",
                          at(next),
                          "",
                          "file holds more than one YAML document")
                      .withHint("put each document in its own file"));
              return Optional.empty();
            }
          }
        }
        case ScalarEvent s -> scalar(s);
        case AliasEvent a -> alias(a);
        case SequenceStartEvent s -> start(s, Tag.SEQ);
        case MappingStartEvent m -> start(m, Tag.MAP);
        case SequenceEndEvent e -> end();
        case MappingEndEvent e -> end();
        default -> {
          // stream start and end, document end, comments: nothing to compose
        }
      }
      if (documents > 1) {
        break;
      }
    }
    if (stopped) {
      return Optional.empty();
    }
    if (isEmptyDocument(root)) {
      problems.add(
          Diagnostic.error(
                  "yaml.empty", SourceLocation.ofFile(file), "", "file holds no YAML document")
              .withHint("an empty file is never valid; delete it or fill it in"));
      return Optional.empty();
    }
    return Optional.of(root);
  }

  private static boolean isEmptyDocument(YamlNode node) {
    return node == null
        || node instanceof YamlScalar s && s.kind() == ScalarKind.NULL && s.text().isEmpty();
  }

  private void scalar(ScalarEvent event) {
    SourceLocation at = at(event);
    Tag tag = CoreScalars.tag(event);
    boolean key = open.peek() instanceof MapFrame m && m.expectsKey();
    if (key && tag.equals(Tag.MERGE)) {
      ((MapFrame) open.peek()).mergeKey();
      return;
    }
    // A key sits at its value's level: only the value is checked, and only values are counted.
    if (!key && (tooDeep(open.size() + 1, at, "") || tooMany(1, at))) {
      return;
    }
    YamlNode node;
    if (!CoreScalars.CORE_TAGS.contains(tag)) {
      problems.add(CoreScalars.refusedTag(tag, at, path()));
      node = placeholder(at);
    } else {
      node = CoreScalars.scalar(event, tag, at, this::path, problems);
    }
    event.getAnchor().ifPresent(a -> anchors.put(a.getValue(), new Done(node, 1, 1)));
    deliver(node, 1, 1);
  }

  private void alias(AliasEvent event) {
    SourceLocation at = at(event);
    String name = event.getAlias().getValue();
    if (++aliases > limits.maxAliases()) {
      stop(
          Diagnostic.error(
                  "yaml.alias-limit",
                  at,
                  path(),
                  "too many aliases: *"
                      + name
                      + " is alias "
                      + aliases
                      + "; the limit is "
                      + limits.maxAliases()
                      + " per file")
              .withHint(
                  "anchors and aliases are for sharing a few values, not for generating data"));
      return;
    }
    switch (anchors.get(name)) {
      case null -> {
        problems.add(
            Diagnostic.error(
                "yaml.syntax",
                at,
                path(),
                "alias *" + name + " names no anchor defined before it"));
        deliver(placeholder(at), 1, 1);
      }
      case Open o ->
          stop(
              Diagnostic.error(
                  "yaml.too-deep",
                  at,
                  path(),
                  "alias *" + name + " is inside the value it names (a recursive alias)"));
      case Done d -> {
        if (!tooDeep(open.size() + d.height(), at, " through alias *" + name)
            && !tooMany(d.size(), at)) {
          deliver(d.node(), d.height(), d.size());
        }
      }
    }
  }

  private void start(CollectionStartEvent event, Tag own) {
    SourceLocation at = at(event);
    if (tooDeep(open.size() + 1, at, "") || tooMany(1, at)) {
      return;
    }
    Tag tag = CoreScalars.collectionTag(event.getTag(), own);
    boolean refused = !tag.equals(own);
    if (refused) {
      problems.add(CoreScalars.refusedTag(tag, at, path()));
    }
    Optional<String> anchor = event.getAnchor().map(a -> a.getValue());
    Open slot = new Open();
    anchor.ifPresent(name -> anchors.put(name, slot));
    open.push(
        own.equals(Tag.SEQ)
            ? new ListFrame(at, anchor, slot, refused)
            : new MapFrame(at, anchor, slot, refused));
  }

  private void end() {
    Frame frame = open.pop();
    YamlNode node = frame.refused ? placeholder(frame.at) : frame.build();
    frame.anchor.ifPresent(
        name -> {
          if (anchors.get(name) == frame.slot) {
            anchors.put(name, new Done(node, frame.height, frame.size));
          }
        });
    deliver(node, frame.height, frame.size);
  }

  private void deliver(YamlNode node, int height, long size) {
    Frame parent = open.peek();
    if (parent == null) {
      root = node;
    } else {
      parent.add(node, height, size);
    }
  }

  private boolean tooDeep(int depth, SourceLocation at, String through) {
    if (depth <= limits.maxDepth()) {
      return false;
    }
    stop(
        Diagnostic.error(
                "yaml.too-deep",
                at,
                path(),
                "nested deeper than " + limits.maxDepth() + " levels" + through)
            .withHint("flatten the structure; no trueup setting needs more than a few levels"));
    return true;
  }

  private boolean tooMany(long more, SourceLocation at) {
    values += more;
    if (values <= limits.maxValues()) {
      return false;
    }
    stop(
        Diagnostic.error(
                "yaml.too-many-values",
                at,
                path(),
                "document expands to more than " + limits.maxValues() + " values")
            .withHint("is an alias being expanded many times?"));
    return true;
  }

  private void stop(Diagnostic d) {
    problems.add(d);
    stopped = true;
  }

  /**
   * The YAML path of the next value, built from the open collections only when a problem needs it:
   * keeping a path per level would cost memory quadratic in the depth.
   */
  private String path() {
    StringBuilder path = new StringBuilder();
    for (Iterator<Frame> it = open.descendingIterator(); it.hasNext(); ) {
      it.next().appendChildSegment(path);
    }
    return path.toString();
  }

  private YamlNode placeholder(SourceLocation at) {
    YamlNode p = new YamlScalar(at, ScalarKind.NULL, "", false);
    placeholders.add(p);
    return p;
  }

  private SourceLocation at(Event event) {
    return event
        .getStartMark()
        .map(m -> new SourceLocation(file, m.getLine() + 1, m.getColumn() + 1))
        .orElse(SourceLocation.ofFile(file));
  }

  /** A collection whose end event has not come yet. */
  private abstract static class Frame {
    final SourceLocation at;
    final Optional<String> anchor;
    final Open slot;
    final boolean refused;
    int height = 1;
    long size = 1;

    Frame(SourceLocation at, Optional<String> anchor, Open slot, boolean refused) {
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

  private static final class ListFrame extends Frame {
    private final List<YamlNode> items = new ArrayList<>();

    ListFrame(SourceLocation at, Optional<String> anchor, Open slot, boolean refused) {
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

  /** What a map's next child is. */
  private enum Expect {
    KEY,
    VALUE,
    MERGE,
    IGNORED_VALUE
  }

  private final class MapFrame extends Frame {
    private final Map<String, YamlMap.Entry> entries = new LinkedHashMap<>();
    private final List<YamlMap> merges = new ArrayList<>();
    private Expect expect = Expect.KEY;
    private String key;
    private SourceLocation keyAt;

    MapFrame(SourceLocation at, Optional<String> anchor, Open slot, boolean refused) {
      super(at, anchor, slot, refused);
    }

    boolean expectsKey() {
      return expect == Expect.KEY;
    }

    /** A plain {@code <<} key: its value's maps are merged in under the keys written here. */
    void mergeKey() {
      expect = Expect.MERGE;
    }

    @Override
    void appendChildSegment(StringBuilder path) {
      String segment =
          switch (expect) {
            case KEY -> "";
            case VALUE -> key;
            case MERGE, IGNORED_VALUE -> key == null ? "<<" : key;
          };
      if (!segment.isEmpty()) {
        path.append(path.isEmpty() ? "" : ".").append(segment);
      }
    }

    private static String join(String path, String key) {
      return path.isEmpty() ? key : path + "." + key;
    }

    @Override
    void add(YamlNode node, int childHeight, long childSize) {
      switch (expect) {
        case KEY -> key(node, childHeight);
        case VALUE -> {
          grow(childHeight, childSize);
          entries.put(key, new YamlMap.Entry(key, keyAt, node));
          expect = Expect.KEY;
        }
        case MERGE -> {
          grow(childHeight, childSize);
          merge(node);
          key = null;
          expect = Expect.KEY;
        }
        case IGNORED_VALUE -> expect = Expect.KEY;
      }
    }

    private void key(YamlNode node, int childHeight) {
      height = Math.max(height, childHeight + 1);
      if (!(node instanceof YamlScalar scalar)) {
        problems.add(
            Diagnostic.error(
                "yaml.key",
                node.location(),
                path(),
                "a key must be a plain value, not a map or list"));
        key = null;
        expect = Expect.IGNORED_VALUE;
        return;
      }
      key = scalar.text();
      keyAt = scalar.location();
      YamlMap.Entry first = entries.get(key);
      if (first == null) {
        expect = Expect.VALUE;
        return;
      }
      problems.add(
          Diagnostic.error(
                  "yaml.duplicate-key",
                  keyAt,
                  join(path(), key),
                  "duplicate key '"
                      + key
                      + "' (first defined at line "
                      + first.keyLocation().line()
                      + ")")
              .withHint("remove one of them; YAML would silently keep only one")
              .withRelated(first.keyLocation()));
      expect = Expect.IGNORED_VALUE;
    }

    private void merge(YamlNode value) {
      if (value instanceof YamlMap map) {
        merges.add(map);
        return;
      }
      if (value instanceof YamlList list
          && list.items().stream().allMatch(item -> item instanceof YamlMap)) {
        list.items().forEach(item -> merges.add((YamlMap) item));
        return;
      }
      if (!placeholders.contains(value)) {
        problems.add(
            Diagnostic.error(
                    "yaml.merge",
                    value.location(),
                    path(),
                    "a merge key ('<<') takes a map or a list of maps, not " + value.kindName())
                .withHint("write <<: *anchor, where the anchor names a map"));
      }
    }

    /** Keys written here first, then merged ones in order; the first definition of a key wins. */
    @Override
    YamlNode build() {
      Map<String, YamlMap.Entry> all = new LinkedHashMap<>(entries);
      for (YamlMap source : merges) {
        source.entries().forEach(all::putIfAbsent);
      }
      return new YamlMap(at, all);
    }
  }
}
