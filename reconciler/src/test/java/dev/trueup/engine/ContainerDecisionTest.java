package dev.trueup.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.diff.FieldChange;
import dev.trueup.driver.docker.model.DesiredContainer;
import dev.trueup.model.ChangeClass;
import dev.trueup.model.Policy;
import dev.trueup.policy.ChangeContext;
import dev.trueup.policy.Classifier;
import dev.trueup.policy.Structural;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.ResourceKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the decide stage tells the classifier about a container change: the image it moves between
 * (so the tag's semver distance sets the class), a service added to a node applied before, ports
 * and environment.
 */
class ContainerDecisionTest {
  private static final Classifier CLASSIFIER = new Classifier(Policy.defaults());

  private static DesiredResource resource(String image) {
    return new dev.trueup.driver.docker.model.DesiredContainerResource(
        DesiredContainer.build(
            "web-1",
            "web",
            image,
            List.of(),
            Map.of(),
            Map.of(),
            List.of(),
            List.of(),
            "no",
            Optional.empty(),
            Optional.empty()),
        SourceLocation.ofFile("services/web.yaml"));
  }

  private static Change change(Action action, FieldChange... fields) {
    return new Change(
        "web-1",
        ResourceKind.CONTAINER,
        "trueup-web",
        action,
        List.of(fields),
        List.of(),
        Optional.empty(),
        Optional.empty());
  }

  private static ChangeClass classify(Change change, String desiredImage, boolean applied) {
    ChangeContext context =
        DecideStage.containerContext(
            ChangeContext.of("production"), change, Optional.of(resource(desiredImage)), applied);
    return CLASSIFIER.classify(change, context).changeClass();
  }

  @Test
  void aPatchBumpOfTheImageTagIsABugfix() {
    Change bump =
        change(Action.UPDATE, FieldChange.of("image", "example/web:1.4.3", "example/web:1.4.2"));
    assertThat(classify(bump, "example/web:1.4.3", true)).isEqualTo(ChangeClass.BUGFIX);
  }

  @Test
  void minorAndMajorBumpsClassifyAsSuch() {
    Change minor =
        change(Action.UPDATE, FieldChange.of("image", "example/web:1.5.0", "example/web:1.4.2"));
    Change major =
        change(Action.UPDATE, FieldChange.of("image", "example/web:2.0.0", "example/web:1.4.2"));
    assertThat(classify(minor, "example/web:1.5.0", true)).isEqualTo(ChangeClass.MINOR);
    assertThat(classify(major, "example/web:2.0.0", true)).isEqualTo(ChangeClass.MAJOR);
  }

  @Test
  void aContainerCreatedOnANodeAppliedBeforeIsAServiceAdded() {
    Change create = change(Action.CREATE, FieldChange.of("image", "example/web:1.4.2", null));
    ChangeContext context =
        DecideStage.containerContext(
            ChangeContext.of("production"),
            create,
            Optional.of(resource("example/web:1.4.2")),
            true);
    assertThat(context.structural()).contains(Structural.SERVICE_ADDED);
    assertThat(context.service()).contains("web");
    ChangeContext firstApply =
        DecideStage.containerContext(
            ChangeContext.of("production"),
            create,
            Optional.of(resource("example/web:1.4.2")),
            false);
    assertThat(firstApply.structural()).doesNotContain(Structural.SERVICE_ADDED);
  }

  @Test
  void portsVolumesAndEnvironmentAreStructuralFacts() {
    Change recreate =
        change(
            Action.UPDATE,
            FieldChange.of("ports", "8080:80", "8000:80"),
            FieldChange.of("volumes", "/srv:/data", null),
            FieldChange.of("env.MODE", "two", "one"));
    ChangeContext context =
        DecideStage.containerContext(
            ChangeContext.of("production"),
            recreate,
            Optional.of(resource("example/web:1.4.2")),
            true);
    assertThat(context.structural())
        .contains(Structural.PORTS, Structural.VOLUMES, Structural.SERVICE_ENVIRONMENT);
    assertThat(CLASSIFIER.classify(recreate, context).changeClass())
        .isEqualTo(ChangeClass.ARCHITECTURE);
  }
}
