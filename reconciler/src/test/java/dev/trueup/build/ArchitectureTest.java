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

  @Test
  void packagesHaveNoCycles() {
    slices().matching("dev.trueup.(*)..").should().beFreeOfCycles().check(classes);
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
