package dev.trueup.driver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The driver rules of DESIGN.md: SSH, Docker and fabric8 classes stay in their driver.* package,
 * the probe stays pure.
 */
class DriverBoundaryTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.trueup");
  }

  @Test
  void onlyTheSshDriverTouchesSshj() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.trueup.driver.ssh..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("net.schmizz..", "com.hierynomus..")
        .check(classes);
  }

  @Test
  void onlyTheDockerDriverTouchesDockerJava() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.trueup.driver.docker..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.github.dockerjava..")
        .check(classes);
  }

  @Test
  void onlyTheKubernetesDriverTouchesFabric8() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.trueup.driver.kubernetes..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fabric8..")
        .check(classes);
  }

  @Test
  void theProbeDoesNoIo() {
    noClasses()
        .that()
        .resideInAPackage("dev.trueup.driver.host.probe..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net..", "java.nio.file..", "java.nio.channels..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.ProcessBuilder")
        .check(classes);
  }

  @Test
  void secretsKnowNoDriver() {
    noClasses()
        .that()
        .resideInAPackage("dev.trueup.secrets..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.trueup.observe..", "dev.trueup.driver..")
        .check(classes);
  }
}
