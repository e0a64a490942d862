package io.sagaflow.jdbc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** saga-jdbc builds on saga-core's API and SPIs only, and keeps optional drivers out of its common paths. */
class LayeringTest {
    // The module's own classes only: scanning the whole class path for the package is slow.
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(Path.of("target", "classes"));

    @Test
    void checksTheModulesClasses() {
        org.assertj.core.api.Assertions.assertThat(classes.contain(JdbcSagaStore.class)).isTrue();
    }

    @Test
    void usesNeitherTheEngineInternalsNorSpring() {
        noClasses().that().resideInAPackage("io.sagaflow.jdbc..")
                .should().dependOnClassesThat().resideInAnyPackage("io.sagaflow.internal..", "org.springframework..")
                .check(classes);
    }

    @Test
    void touchesThePostgresDriverOnlyInTheListener() {
        noClasses().that().resideInAPackage("io.sagaflow.jdbc..").and().doNotHaveSimpleName("PostgresListener")
                .should().dependOnClassesThat().resideInAPackage("org.postgresql..")
                .check(classes);
    }

    @Test
    void touchesTheH2DriverOnlyForTheEmbeddedDatabase() {
        noClasses().that().resideInAPackage("io.sagaflow.jdbc..").and().doNotHaveSimpleName("EmbeddedH2")
                .should().dependOnClassesThat().resideInAPackage("org.h2..")
                .check(classes);
    }
}
