package dev.quiver.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The design's layering, checked on core's bytecode: what core may depend on, which package may use which,
 * and that the library never prints.
 */
class ArchitectureRulesTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.quiver");
  }

  @Test
  void coreDependsOnlyOnTheJdkSqliteJdbcRoaringBitmapAndJSpecify() {
    classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "jdk.incubator.vector..",
        "org.sqlite..", "org.roaringbitmap..", "org.jspecify..", "dev.quiver..", "")
        .because("core depends only on sqlite-jdbc and RoaringBitmap (JSpecify's annotations are compile-only)")
        .check(core);
  }

  @Test
  void theKernelsDependOnNoOtherPartOfQuiver() {
    noClasses().that().resideInAPackage("dev.quiver.internal.kernel..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.quiver.internal.memory..", "dev.quiver.internal.search..",
            "dev.quiver.internal.storefile..", "dev.quiver.internal.store..", "dev.quiver.internal.hybrid..")
        .check(core);
  }

  @Test
  void theStoreFileKnowsNothingOfMemoryOrSearch() {
    noClasses().that().resideInAPackage("dev.quiver.internal.storefile..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.quiver.internal.memory..", "dev.quiver.internal.search..",
            "dev.quiver.internal.kernel..", "dev.quiver.internal.hybrid..")
        .check(core);
  }

  @Test
  void fusionWorksOnCandidatesAlone() {
    noClasses().that().resideInAPackage("dev.quiver.internal.hybrid..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.quiver.internal.memory..", "dev.quiver.internal.search..",
            "dev.quiver.internal.storefile..", "dev.quiver.internal.store..", "dev.quiver.internal.kernel..")
        .check(core);
  }

  @Test
  void theSpiDependsOnlyOnThePublicApi() {
    noClasses().that().resideInAPackage("dev.quiver.spi..").should().dependOnClassesThat()
        .resideInAPackage("dev.quiver.internal..").check(core);
  }

  @Test
  void internalPackagesHaveNoCycles() {
    slices().matching("dev.quiver.internal.(*)..").should().beFreeOfCycles().check(core);
  }

  @Test
  void theLibraryNeverPrintsAndLogsThroughSystemLogger() {
    noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
        .orShould().callMethod(Throwable.class, "printStackTrace")
        .orShould().dependOnClassesThat().resideInAPackage("java.util.logging..")
        .because("a library must not write to the application's console or pick its logging backend")
        .check(core);
  }
}
