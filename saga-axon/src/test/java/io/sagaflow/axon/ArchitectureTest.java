package io.sagaflow.axon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Holds saga-axon's boundaries: no Spring, and only the public API and SPIs of saga-core. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sagaflow.axon");

    @Test
    void neverImportsSpring() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(MAIN);
    }

    @Test
    void neverReachesIntoTheEngineInternals() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.sagaflow.internal..").check(MAIN);
    }
}
