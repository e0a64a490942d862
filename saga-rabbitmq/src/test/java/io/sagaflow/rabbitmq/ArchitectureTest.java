package io.sagaflow.rabbitmq;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private final JavaClasses main = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sagaflow.rabbitmq");

    @Test
    void usesNeitherSpringNorTheEngineInternals() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..",
                "io.sagaflow.internal..", "io.sagaflow.inmemory..").check(main);
    }

    @Test
    void exposesOnlyTheBrokerAndItsSettings() {
        classes().that().arePublic().should().haveNameMatching(
                "io\\.sagaflow\\.rabbitmq\\.(RabbitMqMessageBroker|RabbitMqSettings(\\$Builder)?)").check(main);
    }
}
