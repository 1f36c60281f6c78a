package dev.trueup.driver.host;

import dev.trueup.apply.ApplyJournal;
import dev.trueup.apply.ChangeResult;
import dev.trueup.apply.ChangeResult.Status;
import dev.trueup.apply.NodeApplier;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.apply.NodeApplyResult.Outcome;
import dev.trueup.apply.NodeApplyResult.Rollback;
import dev.trueup.backend.Differ;
import dev.trueup.backend.Renderer;
import dev.trueup.diff.Change;
import dev.trueup.diff.FieldChange;
import dev.trueup.driver.host.ApplyScript.Check;
import dev.trueup.driver.host.ApplyScript.Frame;
import dev.trueup.driver.host.model.HostHealth;
import dev.trueup.driver.host.model.HostSetupResource.DesiredFirewall;
import dev.trueup.live.Reachability;
import dev.trueup.model.Node;
import dev.trueup.model.Service;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.NodeObserver;
import dev.trueup.observe.exec.ExecResult;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.render.DesiredResource.DesiredUnit;
import dev.trueup.render.SecretEnvFile;
import dev.trueup.render.SecretFile;
import dev.trueup.secrets.Scrubber;
import dev.trueup.secrets.SecretNotFound;
import dev.trueup.secrets.SecretResolver;
import dev.trueup.secrets.SecretValue;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The apply sequence both script drivers share: journal, one apply script, verification by
 * re-observing and diffing, declared health checks, and one rollback script when any of it fails.
 * Drivers differ only in how they reach a node's shell and where its root is.
 */
public abstract class ScriptApplier implements NodeApplier {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  protected final ApplySettings settings;
  private final NodeObserver observer;
  private final SecretResolver secrets;

  /**
   * @param secrets resolves the references of secret environment files, right before they are
   *     written
   */
  protected ScriptApplier(NodeObserver observer, ApplySettings settings, SecretResolver secrets) {
    this.observer = observer;
    this.settings = settings;
    this.secrets = secrets;
  }

  /** Resolves nothing: a secret environment file cannot be written (the node is refused). */
  protected static SecretResolver noSecrets() {
    return new SecretResolver(Map.of(), Map.of());
  }

  /** A node's shell, and the directory standing in for its {@code /} ("" on a real node). */
  public record Target(NodeShell shell, String root) {}

  /** Opens the node's shell. */
  protected abstract Target open(Node node) throws NodeShell.Failure;

  /** Why a path cannot be written on this node (outside its root), if so. */
  protected Optional<String> refusePath(Target target, String path) {
    return Optional.empty();
  }

  @Override
  public final NodeApplyResult apply(
      Node node, DesiredNode desired, List<Change> changes, ApplyJournal journal) {
    long start = System.nanoTime();
    if (changes.isEmpty()) {
      return NodeResults.result(node, Outcome.NO_CHANGES, List.of(), null, null, start);
    }
    List<Step.Refusal> refused = new ArrayList<>();
    List<String> values = new ArrayList<>();
    List<Step> steps = substituted(node, Step.order(desired, changes, refused), refused, values);
    if (!refused.isEmpty()) {
      return NodeResults.refuse(node, changes, refused, start);
    }
    Scrubber scrubber = Scrubber.of(values);
    Target target;
    try {
      target = open(node);
    } catch (NodeShell.Failure e) {
      return NodeResults.result(
          node, Outcome.FAILED, NodeResults.skipped(steps, null), e.getMessage(), null, start);
    }
    try (NodeShell shell = target.shell()) {
      for (Step s : steps) {
        Optional<String> outside = refusePath(target, s.change().id());
        if (outside.isPresent()) {
          refused.add(new Step.Refusal(s.change(), outside.get()));
        }
      }
      if (!refused.isEmpty()) {
        return NodeResults.refuse(node, changes, refused, start);
      }
      return run(node, desired, steps, journal, target, scrubber, start);
    }
  }

  /**
   * The steps with every secret environment file they write in its values form (SecretEnvFile),
   * resolved now and held only in the script; the values are added to {@code values} for the
   * scrubber. A reference that cannot be resolved refuses its change, so nothing of the node is
   * applied.
   */
  private List<Step> substituted(
      Node node, List<Step> steps, List<Step.Refusal> refused, List<String> values) {
    List<Step> out = new ArrayList<>();
    for (Step s : steps) {
      if (s.writesContent()
          && s.desired().orElse(null) instanceof DesiredFile f
          && SecretEnvFile.parse(f).isPresent()) {
        try {
          DesiredFile filled =
              SecretEnvFile.substituted(
                  f,
                  ref -> {
                    SecretValue v = secrets.resolve(node, ref);
                    values.add(v.reveal());
                    return v;
                  });
          out.add(new Step(s.index(), s.change(), Optional.of(filled)));
        } catch (SecretNotFound | SecretEnvFile.Unusable e) {
          refused.add(new Step.Refusal(s.change(), e.getMessage()));
        }
      } else if (s.writesContent()
          && s.desired().orElse(null) instanceof DesiredFile f
          && SecretFile.parse(f).isPresent()) {
        try {
          SecretValue v = secrets.resolve(node, SecretFile.parse(f).get());
          values.add(v.reveal());
          out.add(new Step(s.index(), s.change(), Optional.of(SecretFile.substituted(f, v))));
        } catch (SecretNotFound e) {
          refused.add(new Step.Refusal(s.change(), e.getMessage()));
        }
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private NodeApplyResult run(
      Node node,
      DesiredNode desired,
      List<Step> steps,
      ApplyJournal journal,
      Target target,
      Scrubber scrubber,
      long start) {
    String backupId = backupId();
    long[] ids = new long[steps.size()];
    for (Step s : steps) {
      ids[s.index()] =
          journal.begin(node.name(), ChangeResult.key(s.change()), s.change().action());
    }
    ApplyScript.Context script = context(target, backupId);
    String tag = script.tag();
    Set<String> active =
        desired.resources().stream()
            .filter(r -> r instanceof DesiredUnit u && u.active())
            .map(r -> r.id())
            .collect(Collectors.toSet());
    String text = ApplyScript.apply(script, steps, settings.killAfter(), active);
    Map<String, Frame> frames;
    try {
      ExecResult result = target.shell().run(text, settings.script());
      frames = ApplyScript.frames(tag, result.stdoutText());
      if (!frames.containsKey("end")) {
        String why =
            result.exitCode() == 137 || result.exitCode() == 128 + 9
                ? "apply script was killed"
                : "apply script stopped (exit "
                    + result.exitCode()
                    + "): "
                    + result.stderrSummary(scrubber);
        return NodeResults.interrupted(node, steps, frames, ids, journal, why, start);
      }
    } catch (NodeShell.Failure e) {
      return NodeResults.interrupted(node, steps, Map.of(), ids, journal, e.getMessage(), start);
    }

    Frame end = frames.get("end");
    if (!end.ok() && steps.stream().noneMatch(s -> frames.containsKey(key(s)))) {
      return NodeResults.stoppedBeforeChanges(node, steps, ids, journal, end, start);
    }
    List<Step> applied = new ArrayList<>();
    Optional<String> failure = Optional.empty();
    List<ChangeResult> results = new ArrayList<>();
    for (Step s : steps) {
      Frame f = frames.get(key(s));
      if (f == null) {
        // Only a change the node was never asked to make may be skipped; one it stayed silent
        // about fails the node below, so that "skipped" never adds up to "applied".
        results.add(ChangeResult.of(s.change(), Status.SKIPPED, "an earlier change failed"));
      } else if (f.skipped()) {
        results.add(ChangeResult.of(s.change(), Status.SKIPPED, f.reason().orElse(null)));
      } else if (f.ok()) {
        applied.add(s);
        results.add(ChangeResult.of(s.change(), Status.APPLIED, null));
      } else {
        String why = f.reason().orElse("failed");
        failure = failure.or(() -> Optional.of(s.change().id() + ": " + why));
        results.add(ChangeResult.of(s.change(), Status.FAILED, why));
      }
    }
    if (failure.isEmpty() && !end.ok()) {
      failure = Optional.of("apply script failed: " + end.reason().orElse("no reason given"));
    }
    if (failure.isEmpty()) {
      failure =
          steps.stream()
              .filter(s -> !frames.containsKey(key(s)))
              .findFirst()
              .map(s -> s.change().id() + ": the node reported no result");
    }
    if (failure.isEmpty()) {
      failure = confirmFirewall(node, applied);
    }
    if (failure.isEmpty()) {
      failure = verify(node, desired, applied);
    }
    if (failure.isEmpty()) {
      failure = health(node, target).map(scrubber::scrub);
    }
    if (failure.isEmpty()) {
      for (int i = 0; i < steps.size(); i++) {
        NodeResults.closeEntry(journal, ids[i], results.get(i));
      }
      return NodeResults.result(node, Outcome.APPLIED, results, null, null, start);
    }
    boolean restored = rollback(target, backupId, steps, active);
    List<ChangeResult> after = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      ChangeResult r = results.get(i);
      if (r.status() == Status.APPLIED) {
        r = ChangeResult.of(steps.get(i).change(), Status.ROLLED_BACK, failure.get());
      }
      after.add(r);
      NodeResults.closeEntry(journal, ids[i], r);
    }
    String reason = failure.get() + (restored ? "" : "; rollback incomplete");
    return NodeResults.result(
        node,
        restored ? Outcome.ROLLED_BACK : Outcome.FAILED,
        after,
        reason,
        new Rollback(backupId, restored),
        start);
  }

  /**
   * Commit-confirmed: after a firewall change trueup must reach the node over a new connection (the
   * one the apply used was let through as established traffic) and disarm the restore the node
   * armed. When it cannot, the rules locked it out: it waits for the node's deadline and asks,
   * again over a new connection, whether the node restored its previous rules by itself.
   */
  private Optional<String> confirmFirewall(Node node, List<Step> applied) {
    Optional<DesiredFirewall> changed =
        applied.stream()
            .map(s -> s.desired().orElse(null))
            .filter(r -> r instanceof DesiredFirewall)
            .map(r -> (DesiredFirewall) r)
            .findFirst();
    if (changed.isEmpty()) {
      return Optional.empty();
    }
    long deadline = System.nanoTime() + changed.get().confirmWithin().toNanos();
    Map<String, Frame> confirmed = runFresh(node, ApplyScript::confirmFirewall);
    if (confirmed.containsKey("end") && confirmed.get("end").ok()) {
      return Optional.empty();
    }
    long wait = deadline - System.nanoTime() + Duration.ofSeconds(5).toNanos();
    if (!confirmed.containsKey("reverted")) {
      try {
        Thread.sleep(Math.max(0, wait / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Map<String, Frame> asked =
        confirmed.containsKey("reverted")
            ? confirmed
            : runFresh(node, ApplyScript::firewallReverted);
    Optional<String> reverted = Optional.ofNullable(asked.get("reverted")).flatMap(Frame::reason);
    String why =
        "firewall change locked trueup out of the node (no new connection within "
            + changed.get().confirmWithin().toSeconds()
            + "s)";
    if (reverted.isPresent()) {
      return Optional.of(
          why + "; the node restored its previous rules by itself at " + reverted.get());
    }
    return Optional.of(
        asked.containsKey("end")
            ? why + "; the node says it did not restore its previous rules"
            : why
                + "; and the node could not be reached to tell whether it restored its rules ("
                + Optional.ofNullable(asked.get(UNREACHED))
                    .flatMap(Frame::reason)
                    .orElse("no answer")
                + ")");
  }

  /** The frame runFresh gives when it could not reach the node, with why. */
  private static final String UNREACHED = "unreached";

  /** Runs one script over a new connection: its frames, or {@link #UNREACHED} with why not. */
  private Map<String, Frame> runFresh(
      Node node, java.util.function.Function<ApplyScript.Context, String> script) {
    return runOn(node, script, false);
  }

  /**
   * The node's shell for something that only reads and runs often (the health monitor's checks): a
   * connection kept open for the node if the driver has one, else a new one as {@link #open}.
   * Closing it leaves a kept connection open.
   */
  protected Target openShared(Node node) throws NodeShell.Failure {
    return open(node);
  }

  private Map<String, Frame> runOn(
      Node node, java.util.function.Function<ApplyScript.Context, String> script, boolean shared) {
    Target fresh;
    try {
      fresh = shared ? openShared(node) : open(node);
    } catch (NodeShell.Failure e) {
      return Map.of(UNREACHED, new Frame(false, Optional.ofNullable(e.getMessage())));
    }
    try (NodeShell shell = fresh.shell()) {
      ApplyScript.Context context = context(fresh, "");
      ExecResult result = shell.run(script.apply(context), settings.script());
      return ApplyScript.frames(context.tag(), result.stdoutText());
    } catch (NodeShell.Failure e) {
      return Map.of(UNREACHED, new Frame(false, Optional.ofNullable(e.getMessage())));
    }
  }

  /**
   * Re-observes the node and diffs again: a change among those applied that still shows means the
   * node did not take it.
   */
  private Optional<String> verify(Node node, DesiredNode desired, List<Step> applied) {
    if (applied.isEmpty()) {
      return Optional.empty();
    }
    LiveNode live = observer.observe(node, Renderer.request(desired));
    if (!(live.reachability() instanceof Reachability.Observed)) {
      return Optional.of("verification failed: node could not be observed after apply");
    }
    Set<String> keys =
        applied.stream().map(s -> ChangeResult.key(s.change())).collect(Collectors.toSet());
    List<Change> left =
        Differ.diff(desired, live).stream()
            .filter(c -> keys.contains(ChangeResult.key(c)))
            .toList();
    if (left.isEmpty()) {
      return Optional.empty();
    }
    Change first = left.get(0);
    String fields =
        first.fields().stream().map(FieldChange::field).collect(Collectors.joining(", "));
    return Optional.of(
        "verification failed: "
            + first.id()
            + " still differs"
            + (fields.isEmpty() ? "" : " (" + fields + ")")
            + (left.size() > 1 ? " and " + (left.size() - 1) + " more" : ""));
  }

  /**
   * Runs the declared health checks of the services this applier manages (systemd units; container
   * health belongs to the container driver) in one script; the first failure is the reason. What a
   * check printed is part of it, so it goes through the scrubber like the apply script's output.
   */
  private Optional<String> health(Node node, Target target) {
    List<Check> checks = checks(node);
    if (checks.isEmpty()) {
      return Optional.empty();
    }
    Duration budget = Duration.ofSeconds(10);
    for (Check c : checks) {
      // Whole seconds on the node: each pause and attempt may round up by one.
      budget = budget.plus(c.check().longest()).plusSeconds(2L * (c.check().retries() + 2));
    }
    ApplyScript.Context script = context(target, "");
    try {
      ExecResult result = target.shell().run(ApplyScript.health(script, checks), budget);
      Map<String, Frame> frames = ApplyScript.frames(script.tag(), result.stdoutText());
      List<HostHealth.Answer> answers = new ArrayList<>();
      for (int i = 0; i < checks.size(); i++) {
        Frame f = frames.get(String.valueOf(i));
        String service = checks.get(i).service();
        answers.add(
            f == null
                ? HostHealth.Answer.none(service)
                : new HostHealth.Answer(service, true, f.ok(), f.reason()));
      }
      return HostHealth.verdict(answers);
    } catch (NodeShell.Failure e) {
      return Optional.of("health checks could not run: " + e.getMessage());
    }
  }

  @Override
  public List<dev.trueup.apply.HealthAnswer> healthNow(Node node) {
    List<Check> checks =
        checks(node).stream().map(c -> new Check(c.service(), c.check().once())).toList();
    if (checks.isEmpty()) {
      return List.of();
    }
    // Every minute on every node: over the kept connection, not a handshake each time.
    Map<String, Frame> frames = runOn(node, context -> ApplyScript.health(context, checks), true);
    List<dev.trueup.apply.HealthAnswer> answers = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      Frame f = frames.get(String.valueOf(i));
      Optional<String> why =
          f != null
              ? f.reason().map(String::strip)
              : Optional.of(
                  Optional.ofNullable(frames.get(UNREACHED))
                      .flatMap(Frame::reason)
                      .map(r -> "node not reached: " + r)
                      .orElse("no answer"));
      answers.add(
          new dev.trueup.apply.HealthAnswer(
              checks.get(i).service(),
              f != null && f.ok(),
              f != null && f.ok() ? Optional.empty() : why));
    }
    return answers;
  }

  /** The declared health checks of the services this applier manages (systemd units). */
  private static List<Check> checks(Node node) {
    List<Check> checks = new ArrayList<>();
    for (Service s : node.services().values()) {
      if (s.runtime() == dev.trueup.model.Runtime.SYSTEMD) {
        s.health().ifPresent(h -> checks.add(new Check(s.name(), h)));
      }
    }
    return checks;
  }

  private boolean rollback(Target target, String backupId, List<Step> steps, Set<String> active) {
    ApplyScript.Context script = context(target, backupId);
    try {
      ExecResult result =
          target.shell().run(ApplyScript.rollback(script, steps, active), settings.script());
      Frame end = ApplyScript.frames(script.tag(), result.stdoutText()).get("end");
      return end != null && end.ok();
    } catch (NodeShell.Failure e) {
      return false;
    }
  }

  static String key(Step s) {
    return String.valueOf(s.index());
  }

  /** A new tag for one script of this apply; backupId "" for a script that keeps no backup. */
  private ApplyScript.Context context(Target target, String backupId) {
    return new ApplyScript.Context(
        tag(), target.root(), settings.backupDirectory(), backupId, settings.lockPolls());
  }

  static String backupId() {
    return ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + "-" + hex(4);
  }

  private static String tag() {
    return "@trueup-" + hex(8);
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
