package dev.trueup.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.render.Rendering.Failed;
import dev.trueup.render.Rendering.Problem;
import dev.trueup.render.Rendering.Rendered;
import freemarker.template.TemplateMethodModelEx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one locked-down FreeMarker: what a template may not do, and the bounds of a rendering. */
class LockedFreemarkerTest {

  private static LockedFreemarker engine(Map<String, String> templates, RenderLimits limits) {
    return engine(templates, limits, RenderThreads.SHARED);
  }

  private static LockedFreemarker engine(
      Map<String, String> templates, RenderLimits limits, RenderThreads threads) {
    RepoFiles files =
        path ->
            Optional.ofNullable(templates.get(path.substring("templates/".length())))
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
    return new LockedFreemarker(
        new RepoTemplateLoader(files, "templates"), "templates", limits, threads);
  }

  private static Rendering render(String template) {
    return render(template, RenderLimits.REPOSITORY);
  }

  private static Rendering render(String template, RenderLimits limits) {
    return engine(Map.of("t.ftl", template), limits).render("t.ftl", Map.of("vars", Map.of()));
  }

  private static Failed failed(Rendering r) {
    assertThat(r).isInstanceOf(Failed.class);
    return (Failed) r;
  }

  @Test
  void aTemplateThatIncludesItselfStopsAtTheDepthLimit() {
    Failed f = failed(render("a\n<#include \"t.ftl\">\n"));
    assertThat(f.problem()).isEqualTo(Problem.LIMIT);
    assertThat(f.describe())
        .startsWith("template templates/t.ftl, line 2, column 1: nested more than 1000 deep");
  }

  @Test
  void aMacroThatCallsItselfStopsAtTheDepthLimit() {
    Failed f = failed(render("<#macro m n>\n<@m n=n+1/>\n</#macro>\n<@m n=0/>\n"));
    assertThat(f.problem()).isEqualTo(Problem.LIMIT);
    assertThat(f.line()).isEqualTo(2);
    assertThat(f.message()).contains("a macro that calls itself");
  }

  @Test
  void nestedLoopsThatPrintNothingStopAtTheStepLimit() {
    Failed f =
        failed(render("x\n<#list 1..100000000 as i><#list 1..100000000 as j></#list></#list>\n"));
    assertThat(f.problem()).isEqualTo(Problem.LIMIT);
    assertThat(f.message()).isEqualTo("more than 1000000 steps: a loop without end?");
    assertThat(f.line()).isEqualTo(2);
  }

  @Test
  void anEmptyLoopIsStoppedByTheTimeLimitToo() {
    RenderLimits quick = new RenderLimits(Duration.ofMillis(300), 1 << 20, Long.MAX_VALUE, 1000);
    Failed f = failed(render("<#list 1..2000000000 as i></#list>", quick));
    assertThat(f.message()).isEqualTo("still running after 300 ms: a loop without end?");
    assertThat(f.line()).isEqualTo(1);
  }

  @Test
  void outputStopsAtTheByteLimit() {
    Failed f = failed(render("<#list 1..100000000 as i>\nline ${i}\n</#list>"));
    assertThat(f.problem()).isEqualTo(Problem.LIMIT);
    assertThat(f.describe()).endsWith(": renders more than 1 MiB");
    assertThat(f.line()).isEqualTo(2);
  }

  @Test
  void outputBufferedByAttemptOrCaptureIsCountedToo() {
    assertThat(
            failed(
                    render(
                        "<#attempt><#list 1..100000000 as i>line ${i}\n"
                            + "</#list><#recover></#attempt>"))
                .message())
        .isEqualTo("renders more than 1 MiB");
    assertThat(
            failed(render("<#assign x><#list 1..100000000 as i>line ${i}\n</#list></#assign>"))
                .message())
        .isEqualTo("renders more than 1 MiB");
  }

  @Test
  void multiByteOutputIsCountedInBytes() {
    RenderLimits small = new RenderLimits(Duration.ofSeconds(5), 10, 1000, 100);
    assertThat(render("ééééé", small)).isEqualTo(new Rendered("ééééé"));
    assertThat(failed(render("éééééé", small)).message()).isEqualTo("renders more than 10 bytes");
  }

  @Test
  void aStackOverflowIsAFailureAndTheEngineStillWorksAfterwards() {
    LockedFreemarker engine =
        engine(
            Map.of(
                "deep.ftl",
                "${" + "(".repeat(50_000) + "1" + ")".repeat(50_000) + "}",
                "fine.ftl",
                "fine"),
            RenderLimits.REPOSITORY);
    Failed f = failed(engine.render("deep.ftl", Map.of()));
    assertThat(f.problem()).isEqualTo(Problem.LIMIT);
    assertThat(f.describe())
        .isEqualTo("template templates/deep.ftl: nested too deeply for the stack");
    assertThat(engine.render("fine.ftl", Map.of())).isEqualTo(new Rendered("fine"));
  }

  @Test
  void anAllocationTooLargeForTheHeapIsAFailure() {
    Failed f = failed(render("a\n${'x'?left_pad(2147483647)}"));
    assertThat(f.problem()).isEqualTo(Problem.LIMIT);
    assertThat(f.message()).startsWith("ran out of memory");
    assertThat(f.line()).isEqualTo(2);
  }

  @Test
  void theClockIsRefusedEvenInABranchThatDoesNotRun() {
    Failed f = failed(render("ok\n<#if false>\n  ${.now?iso_utc}\n</#if>\n"));
    assertThat(f.problem()).isEqualTo(Problem.REFUSED);
    assertThat(f.describe())
        .isEqualTo(
            "template templates/t.ftl, line 3, column 3: .now is refused: a file rendered from the"
                + " clock is different at every run and never converges");
  }

  @Test
  void theClockIsRefusedInAnIncludedTemplate() {
    LockedFreemarker engine =
        engine(
            Map.of("main.ftl", "a\n<#include \"stamp.ftl\">\n", "stamp.ftl", "b\n${.now}\n"),
            RenderLimits.REPOSITORY);
    Failed f = failed(engine.render("main.ftl", Map.of()));
    assertThat(f.template()).isEqualTo("templates/stamp.ftl");
    assertThat(f.line()).isEqualTo(2);
    assertThat(f.problem()).isEqualTo(Problem.REFUSED);
  }

  @Test
  void codeBuiltFromStringsIsRefused() {
    assertThat(failed(render("${'1 + 1'?eval}")).message()).startsWith("?eval is refused");
    assertThat(failed(render("<@'x'?interpret/>")).message()).startsWith("?interpret is refused");
  }

  @Test
  void aVariableCalledNowAndJsonParsingAreFine() {
    Rendering r =
        engine(Map.of("t.ftl", "${vars.now} ${'{\"a\": 1}'?eval_json.a}"), RenderLimits.REPOSITORY)
            .render("t.ftl", Map.of("vars", Map.of("now", "later")));
    assertThat(r).isEqualTo(new Rendered("later 1"));
  }

  /** A public record: with the default wrapper its accessor would be callable from a template. */
  public record Probe(String secret) {}

  @Test
  void javaObjectsInTheModelExposeNoMethods() {
    Rendering r =
        engine(Map.of("t.ftl", "${p.secret()}"), RenderLimits.REPOSITORY)
            .render("t.ftl", Map.of("p", new Probe("s3cr3t")));
    assertThat(failed(r).problem()).isEqualTo(Problem.ERROR);
    assertThat(r.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void noClassInstantiationNoApiNoIncludeOutsideTheDirectory() {
    assertThat(
            failed(render("<#assign ex='freemarker.template.utility.Execute'?new()>${ex('id')}"))
                .problem())
        .isEqualTo(Problem.ERROR);
    assertThat(failed(render("${vars?api.size()}")).problem()).isEqualTo(Problem.ERROR);
    LockedFreemarker engine =
        engine(
            Map.of("t.ftl", "<#include '../secret.ftl'>", "../secret.ftl", "leaked"),
            RenderLimits.REPOSITORY);
    Failed f = failed(engine.render("t.ftl", Map.of()));
    assertThat(f.problem()).isEqualTo(Problem.ERROR);
    assertThat(f.toString()).doesNotContain("leaked");
  }

  /**
   * A built-in that runs long between two elements: the caller gets its answer when the time is up,
   * the rendering goes on alone, and no more than the allowed number of such leftovers run.
   */
  @Test
  void aRenderingThatOverrunsIsLeftBehindAndLeftoversAreBounded() throws Exception {
    RenderThreads threads = new RenderThreads(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    TemplateMethodModelEx stuck =
        args -> {
          calls.incrementAndGet();
          boolean released = false;
          while (!released) {
            try {
              released = release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              // as a long built-in would: not listening
            }
          }
          return "done";
        };
    RenderLimits quick = new RenderLimits(Duration.ofMillis(200), 1 << 20, 1000, 100);
    LockedFreemarker engine = engine(Map.of("t.ftl", "a\n${stuck()}\n"), quick, threads);

    Failed late = failed(engine.render("t.ftl", Map.of("stuck", stuck)));
    assertThat(late.describe())
        .isEqualTo(
            "template templates/t.ftl, line 2, column 1: still running after 200 ms: a loop"
                + " without end?");
    assertThat(threads.overdue()).isEqualTo(1);

    Failed refused = failed(engine.render("t.ftl", Map.of("stuck", stuck)));
    assertThat(refused.message()).startsWith("not rendered: earlier renderings are still running");
    assertThat(calls).hasValue(1);

    release.countDown();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (threads.overdue() > 0 && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertThat(threads.overdue()).isZero();
    assertThat(engine.render("t.ftl", Map.of("stuck", (TemplateMethodModelEx) args -> "quick")))
        .isEqualTo(new Rendered("a\nquick\n"));
  }

  @Test
  void errorsNameTemplateLineAndColumn() {
    Failed f = failed(render("A=1\nPORT=${vars.port}\n"));
    assertThat(f.problem()).isEqualTo(Problem.ERROR);
    assertThat(f.describe()).startsWith("template templates/t.ftl, line 2, column 8: ");
    assertThat(failed(render("<#if>\n")).describe()).startsWith("template templates/t.ftl, line 1");
    assertThat(
            failed(engine(Map.of(), RenderLimits.REPOSITORY).render("gone.ftl", Map.of()))
                .describe())
        .isEqualTo("template templates/gone.ftl: not found");
  }

  @Test
  void theSameTemplateRendersInParallel() {
    LockedFreemarker engine =
        engine(Map.of("t.ftl", "<#list 1..50 as i>${i},</#list>"), RenderLimits.REPOSITORY);
    List<Rendering> all =
        java.util.stream.IntStream.range(0, 64)
            .parallel()
            .mapToObj(i -> engine.render("t.ftl", Map.of()))
            .toList();
    String expected =
        java.util.stream.IntStream.rangeClosed(1, 50)
            .mapToObj(i -> i + ",")
            .collect(java.util.stream.Collectors.joining());
    assertThat(all).containsOnly(new Rendered(expected));
  }
}
