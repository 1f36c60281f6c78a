package dev.trueup.build;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the arrows between packages pointing one way (DESIGN.md: the one direction data flows). */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.trueup");
  }

  /** Stages that compute: same input, same output, no effect (DESIGN.md: pure core). */
  private static final String[] PURE = {
    "dev.trueup.model..",
    "dev.trueup.diagnostic..",
    "dev.trueup.resolve..",
    "dev.trueup.report..",
    "dev.trueup.render..",
    "dev.trueup.diff..",
    "dev.trueup.policy..",
    "dev.trueup.live..",
    "dev.trueup.backend..",
    "dev.trueup.driver.host.model..",
    "dev.trueup.driver.docker.model..",
    "dev.trueup.driver.kubernetes.model.."
  };

  @Test
  void noPackageCycleAtFullPackageDepth() {
    // Every package is its own slice (observe and observe.ssh are two), so a cycle between a
    // package and its sub-package is caught too.
    slices().matching("dev.trueup.(**)").should().beFreeOfCycles().check(classes);
  }

  /**
   * Where a pure stage must touch the machine, each for one reason: templates render on a guarded
   * thread so that a time limit can stop them (render.RenderThreads, render.RenderGuard), and the
   * desired-state tree of the revision is read as input, refusing links out of it (RepoFiles,
   * RepoPath, RepoFileCheck).
   */
  private static final java.util.Set<String> CONFINED_EFFECTS =
      java.util.Set.of(
          "dev.trueup.render.RenderThreads",
          "dev.trueup.render.RenderGuard",
          "dev.trueup.render.RepoFiles",
          "dev.trueup.model.value.RepoPath",
          "dev.trueup.resolve.RepoFileCheck");

  @Test
  void pureStagesTouchNoFileSocketClockOrThread() {
    noClasses()
        .that()
        .resideInAnyPackage(PURE)
        .and(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "are not one of the confined effects",
                c -> !CONFINED_EFFECTS.contains(c.getName().replaceAll("\\$.*", ""))))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net.http..", "java.nio.channels..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.nio.file.Files")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.File")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.FileInputStream")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.FileOutputStream")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.net.Socket")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.net.URLConnection")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.Thread")
        .orShould()
        .dependOnClassesThat()
        .haveSimpleNameStartingWith("Executor")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.concurrent.ThreadPoolExecutor")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(java.time.Clock.class, "systemUTC")
        .orShould()
        .callMethod(java.time.Clock.class, "systemDefaultZone")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .check(classes);
  }

  @Test
  void pureStagesImportNoDriverLibraryOrIoPackage() {
    noClasses()
        .that()
        .resideInAnyPackage(PURE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.github.dockerjava..",
            "net.schmizz..",
            "com.hierynomus..",
            "org.eclipse.jgit..",
            "java.sql..",
            // observe and apply hold the read and write sides' interfaces and values; the
            // drivers that implement them, and observe.exec, hold the I/O.
            "dev.trueup.observe.*..",
            "dev.trueup.apply..",
            "dev.trueup.engine..",
            "dev.trueup.store..",
            "dev.trueup.source..",
            "dev.trueup.server..",
            "dev.trueup.serve..",
            "dev.trueup.cli..",
            "dev.trueup.driver.host",
            "dev.trueup.driver.ssh",
            "dev.trueup.driver.local",
            "dev.trueup.driver.docker",
            "dev.trueup.driver.kubernetes")
        .orShould()
        .dependOnClassesThat(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "a fabric8 client (not its model, serialization or resource descriptors)",
                c ->
                    c.getPackageName().startsWith("io.fabric8.kubernetes.client")
                        && !c.getName().startsWith("io.fabric8.kubernetes.client.utils.")
                        && !c.getName().startsWith("io.fabric8.kubernetes.client.dsl.base.")))
        .check(classes);
  }

  @Test
  void theModelDependsOnNothingButDiagnostics() {
    noClasses()
        .that()
        .resideInAPackage("dev.trueup.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.trueup.load..",
            "dev.trueup.validate..",
            "dev.trueup.resolve..",
            "dev.trueup.report..",
            "dev.trueup.cli..")
        .check(classes);
  }

  @Test
  void pureStagesDoNoNetworking() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.trueup.model..",
            "dev.trueup.diagnostic..",
            "dev.trueup.resolve..",
            "dev.trueup.report..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net.http..", "java.nio.channels..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.net.Socket")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.net.URLConnection")
        .check(classes);
  }

  @Test
  void theReadOnlyPipelinesCannotReachAnApplier() {
    // They are handed Observers, which has no applier; this keeps a cast or a new field from
    // bringing the write side back in.
    noClasses()
        .that()
        .haveFullyQualifiedName("dev.trueup.engine.PlanPipeline")
        .or()
        .haveFullyQualifiedName("dev.trueup.drift.DriftCheck")
        .or()
        .haveFullyQualifiedName("dev.trueup.review.ReviewPipeline")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.trueup.engine.Drivers")
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("dev.trueup.apply..")
        .check(classes);
  }

  @Test
  void onlyTheCliTalksToPicocli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.trueup.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .check(classes);
  }

  @Test
  void onlyTheLoaderTouchesTheYamlLibrary() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.trueup.load..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.snakeyaml..")
        .check(classes);
  }
}
