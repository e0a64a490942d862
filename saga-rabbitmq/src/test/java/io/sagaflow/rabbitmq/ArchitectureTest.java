package io.sagaflow.rabbitmq;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    // The module's own class directory: scanning the whole class path for the package takes many seconds.
    private final JavaClasses main = new ClassFileImporter()
            .importLocations(Set.of(Location.of(RabbitMqMessageBroker.class.getProtectionDomain().getCodeSource()
                    .getLocation())));

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
