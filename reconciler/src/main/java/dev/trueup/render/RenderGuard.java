package dev.trueup.render;

import dev.trueup.render.Rendering.Failed;
import dev.trueup.render.Rendering.Problem;
import freemarker.core.Environment;
import freemarker.core.TemplateElement;
import freemarker.core.TemplateProcessingTracer;
import freemarker.core._CoreAPI;
import freemarker.template.Template;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * Watches one rendering from inside: FreeMarker calls it before every element it executes (loop
 * iterations included, through the interruption points {@link TemplateRules} adds) and it owns the
 * output. Once a bound of {@link RenderLimits} is passed it trips, and from then on every element
 * and every write throws, so not even an {@code #attempt} can carry the rendering on.
 */
final class RenderGuard implements TemplateProcessingTracer {
  private final RenderLimits limits;
  private final TemplateRules rules;
  private final String directory;
  private final String name;
  private final long deadline;
  private final Output output = new Output();
  private final Set<Template> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private Template current;
  private long steps;
  private int depth;

  /** Read by the waiting caller when the rendering overruns, hence volatile. */
  private volatile TracedElement last;

  private volatile Failed tripped;

  RenderGuard(RenderLimits limits, TemplateRules rules, String directory, String name) {
    this.limits = limits;
    this.rules = rules;
    this.directory = directory;
    this.name = name;
    this.deadline = System.nanoTime() + limits.time().toNanos();
  }

  Writer output() {
    return output;
  }

  @Override
  public void enterElement(Environment env, TracedElement element) {
    last = element;
    if (tripped != null) {
      throw new Stopped();
    }
    if (element.getTemplate() != current) {
      current = element.getTemplate();
      if (seen.add(current)) {
        Optional<Failed> refused = rules.check(current);
        if (refused.isPresent()) {
          trip(refused.get());
        }
      }
    }
    if (++depth > limits.depth()) {
      trip(
          at(
              recursion(env).orElse(element),
              "nested more than "
                  + limits.depth()
                  + " deep: a template that includes itself, or a macro that calls itself,"
                  + " without end?"));
    }
    if (++steps > limits.steps()) {
      trip(at("more than " + limits.steps() + " steps: a loop without end?"));
    }
    if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
      trip(overdue());
    }
    // #attempt and <#assign x>...</#assign> buffer their output in a writer of their own.
    if (env.getOut() != output
        && env.getOut() instanceof StringWriter buffer
        && buffer.getBuffer().length() > limits.bytes()) {
      trip(tooLarge());
    }
  }

  @Override
  public void exitElement(Environment env, TracedElement element) {
    depth--;
  }

  /** The rendered text, or the bound it passed. */
  Rendering finish() {
    if (tripped != null) {
      return tripped;
    }
    String text = output.text.toString();
    return utf8Length(text) > limits.bytes() ? tooLarge() : new Rendering.Rendered(text);
  }

  Optional<Failed> tripped() {
    return Optional.ofNullable(tripped);
  }

  /** For the caller that stopped waiting: where the rendering was when its time ran out. */
  Failed overdue() {
    return at(
        "still running after " + RenderLimits.describe(limits.time()) + ": a loop without end?");
  }

  /** A limit failure at the element last entered, or at the template when none was. */
  Failed at(String message) {
    return at(last, message);
  }

  private Failed at(TracedElement where, String message) {
    return where == null
        ? new Failed(Problem.LIMIT, directory + "/" + name, 0, 0, message)
        : new Failed(
            Problem.LIMIT,
            directory + "/" + where.getTemplate().getSourceName(),
            where.getBeginLine(),
            where.getBeginColumn(),
            message);
  }

  /**
   * Where the recursion is: the innermost element open more than once (the include, the macro
   * call), which says more than wherever the depth happened to run out.
   */
  private static Optional<TracedElement> recursion(Environment env) {
    TemplateElement[] open = _CoreAPI.getInstructionStackSnapshot(env);
    Set<TemplateElement> outer = Collections.newSetFromMap(new IdentityHashMap<>());
    TemplateElement innermostRepeated = null;
    // Outermost first: the last element met that was already met is the innermost repeat.
    for (int i = open.length - 1; i >= 0; i--) {
      if (!outer.add(open[i])) {
        innermostRepeated = open[i];
      }
    }
    return Optional.ofNullable(innermostRepeated);
  }

  private Failed tooLarge() {
    return at("renders more than " + RenderLimits.describe(limits.bytes()));
  }

  private void trip(Failed failure) {
    if (tripped == null) {
      tripped = failure;
    }
    throw new Stopped();
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }

  /** Unwinds a tripped rendering; carries nothing, the failure is in the guard. */
  static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("rendering stopped", null, false, false);
    }
  }

  /**
   * The output, held to the byte bound as it is written. Chars are counted here (never more than
   * the UTF-8 bytes they become); the exact byte count is checked once at the end.
   */
  private final class Output extends Writer {
    private final StringBuilder text = new StringBuilder();

    @Override
    public void write(char[] chars, int offset, int length) {
      room(length);
      text.append(chars, offset, length);
    }

    @Override
    public void write(String s, int offset, int length) {
      room(length);
      text.append(s, offset, offset + length);
    }

    @Override
    public void write(int c) {
      room(1);
      text.append((char) c);
    }

    private void room(int length) {
      if (tripped != null) {
        throw new Stopped();
      }
      if (text.length() + (long) length > limits.bytes()) {
        trip(tooLarge());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
