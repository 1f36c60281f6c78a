package dev.trueup.load;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.diagnostic.SourceLocation;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
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
  sealed interface Anchored permits OpenAnchor, Done {}

  /** A finished value with its height (levels) and expanded size (values), for alias checks. */
  record Done(YamlNode node, int height, long size) implements Anchored {}

  private final String file;
  private final YamlLimits limits;
  final List<Diagnostic> problems;
  private final Deque<OpenCollection> open = new ArrayDeque<>();
  private final Map<String, Anchored> anchors = new HashMap<>();
  final Set<YamlNode> placeholders = Collections.newSetFromMap(new IdentityHashMap<>());
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
    if (tag.equals(Tag.ENV_TAG) && event.getTag().isEmpty()) {
      // The parser's own extension reads a plain ${NAME} as a variable; YAML 1.2 reads a string,
      // and so does trueup, saying that nothing expands it (nobody wrote a tag here).
      problems.add(CoreScalars.unexpanded(event.getValue(), at, path()));
      tag = Tag.STR;
    }
    boolean key = open.peek() instanceof OpenMap m && m.expectsKey();
    if (key && tag.equals(Tag.MERGE)) {
      ((OpenMap) open.peek()).mergeKey();
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
      case OpenAnchor o ->
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
    OpenAnchor slot = new OpenAnchor();
    anchor.ifPresent(name -> anchors.put(name, slot));
    open.push(
        own.equals(Tag.SEQ)
            ? new OpenList(at, anchor, slot, refused)
            : new OpenMap(this, at, anchor, slot, refused));
  }

  private void end() {
    OpenCollection frame = open.pop();
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
    OpenCollection parent = open.peek();
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
  String path() {
    StringBuilder path = new StringBuilder();
    for (Iterator<OpenCollection> it = open.descendingIterator(); it.hasNext(); ) {
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
}
