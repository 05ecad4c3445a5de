package dev.quiver.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server module's boundaries, on its bytecode. */
class ServerArchitectureTest {
  private static JavaClasses server;

  @BeforeAll
  static void importServer() {
    server = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.quiver.server");
  }

  @Test
  void theServerUsesOnlyThePublicApiTheJdkAndJackson() {
    classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.sun.net.httpserver..",
        "com.fasterxml.jackson..", "org.jspecify..", "dev.quiver", "dev.quiver.server..", "")
        .because("it serves what any caller of Quiver could ask, with no new dependency for HTTP")
        .check(server);
  }

  @Test
  void theLibraryNeverPrints() {
    noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
        .orShould().callMethod(Throwable.class, "printStackTrace")
        .because("a library must not write to the application's console").check(server);
  }

  @Test
  void onlyTheServerTheClientAndTheEndpointArePublic() {
    classes().that().arePublic().and().areTopLevelClasses().should().haveSimpleNameStartingWith("Quiver")
        .orShould().haveSimpleName("Endpoint").check(server);
  }
}
