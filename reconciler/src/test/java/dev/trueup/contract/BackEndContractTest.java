package dev.trueup.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.engine.ApplyPipeline;
import dev.trueup.engine.ApplyRun;
import dev.trueup.engine.PlanPipeline;
import dev.trueup.engine.PlanRun;
import dev.trueup.engine.Progress;
import dev.trueup.engine.StoreHistory;
import dev.trueup.plan.Selection;
import dev.trueup.store.Store;
import dev.trueup.validate.Validator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one contract every back end keeps, for every resource kind of {@link Kinds#TABLE} it has,
 * through the engine's pipelines as the CLI runs them: a clean node plans every resource created;
 * applied, it plans nothing; drifted by hand on the real back end, it plans exactly those changes
 * (no more, no fewer, the right action and fields); applied, nothing; with the kinds dropped from
 * desired state, it plans deleting exactly what the deletion rules let trueup delete and leaves the
 * rest where it is; applied, nothing.
 *
 * <p>Back ends: local (a temporary root), ssh (a real sshd node of the fleet lab), docker (the
 * lab's real podman engine) and kubernetes — fabric8's mock API server in CRUD mode, the only mock
 * here, since no API server can run where trueup is built (see {@link KubernetesBackEnd}). Lab back
 * ends skip only outside CI; with {@code CI=true} a missing lab fails.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class BackEndContractTest {
  static KubernetesClient client;

  @TempDir Path tmp;

  private BackEnd open(Where where) {
    return switch (where) {
      case LOCAL -> new LocalBackEnd(tmp.resolve("root"));
      case SSH -> new SshBackEnd(SshBackEnd.labNode());
      case DOCKER -> new DockerBackEnd(tmp.resolve("root"), DockerBackEnd.labSocket());
      case KUBERNETES -> KubernetesBackEnd.open(client, tmp.resolve("kube"));
    };
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Where.class)
  void everyKindIsCreatedDriftedRevertedAndDeletedExactly(Where where) throws Exception {
    List<Kind> kinds = Kinds.on(where);
    assertThat(kinds).as("kinds on %s", where).isNotEmpty();
    try (BackEnd backEnd = open(where);
        Store store = Store.openEmbedded(tmp.resolve("store"));
        Fleet fleet = Fleet.init(tmp.resolve("repo"), backEnd)) {
      backEnd.clean();
      Story story = new Story(backEnd, fleet, store);
      fleet.declare(kinds, "feat: every kind the back end has");

      story.plansAndApplies("a clean node", expected(kinds, Kind::created, where));
      story.plansNothing("after the first apply");

      kinds.forEach(k -> k.drift().accept(backEnd.hands()));
      story.plansAndApplies("drift by hand", expected(kinds, Kind::drifted, where));
      story.plansNothing("after reverting the drift");

      fleet.declare(List.of(), "chore: desired state names none of them");
      story.plansAndApplies("desired state dropped", expected(kinds, Kind::removed, where));
      story.plansNothing("after the deletions");
      for (Kind k : kinds) {
        k.leftAlone().accept(backEnd.hands());
      }
    }
  }

  private static List<String> expected(
      List<Kind> kinds, Function<Kind, List<String>> phase, Where where) {
    return kinds.stream()
        .flatMap(k -> phase.apply(k).stream())
        .map(line -> line.replace("{node}", where.node()))
        .toList();
  }

  /** The pipelines of one back end's fleet, and what each step must come to. */
  private record Story(BackEnd backEnd, Fleet fleet, Store store) {
    String node() {
      return backEnd.where().node();
    }

    PlannedChanges plan(String step) {
      PlanRun run =
          new PlanPipeline(
                  new Validator(), backEnd::drivers, 2, Progress.NONE, new StoreHistory(store))
              .run(fleet.repo(), Selection.all());
      assertThat(run.validation().valid()).as("%s: %s", step, run.validation()).isTrue();
      PlannedChanges planned = PlannedChanges.of(run.plan().orElseThrow(), node());
      assertThat(planned.reachability()).as("%s: reachability", step).contains("observed");
      assertThat(planned.notes()).as("%s: notes", step).isEmpty();
      return planned;
    }

    void plansNothing(String step) {
      assertThat(plan(step).changes()).as("%s on %s: no changes", step, node()).isEmpty();
    }

    void plansAndApplies(String step, List<String> expected) {
      PlannedChanges planned = plan(step);
      assertThat(planned.matchedTo(expected))
          .as("%s on %s: exactly these changes", step, node())
          .containsExactlyInAnyOrderElementsOf(expected);

      ApplyRun run =
          new ApplyPipeline(new Validator(), backEnd::drivers, store, Progress.NONE)
              .run(fleet.repo(), ApplyPipeline.Options.everything(2));
      String what = step + " on " + node() + ": " + run;
      assertThat(run.failed()).as(what).isFalse();
      assertThat(run.held()).as(what).isEmpty();
      assertThat(run.notified()).as(what).isEmpty();
      assertThat(PlannedChanges.of(run.plan().orElseThrow(), node()).changes())
          .as("%s: the apply run planned what the plan said", what)
          .containsExactlyInAnyOrderElementsOf(planned.changes());
      if (expected.isEmpty()) {
        return;
      }
      assertThat(run.nodes())
          .as(what)
          .singleElement()
          .satisfies(
              n -> {
                assertThat(n.outcome().name()).isEqualTo("APPLIED");
                assertThat(n.changes())
                    .extracting(c -> c.status().name())
                    .hasSize(expected.size())
                    .containsOnly("APPLIED");
              });
    }
  }
}
