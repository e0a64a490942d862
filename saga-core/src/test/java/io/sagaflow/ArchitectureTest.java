package io.sagaflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** saga-core stays free of frameworks and infrastructure clients; the SPI does not reach into the engine. */
@AnalyzeClasses(packages = "io.sagaflow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule noFrameworksInCore = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "com.rabbitmq..", "java.sql..", "org.axonframework..",
                    "io.micrometer..");

    @ArchTest
    static final ArchRule spiDoesNotDependOnTheEngine = noClasses().that().resideInAPackage("io.sagaflow.spi..")
            .should().dependOnClassesThat().resideInAPackage("io.sagaflow.internal..");

    @ArchTest
    static final ArchRule inMemoryAdaptersUseOnlyTheSpi = noClasses().that().resideInAPackage("io.sagaflow.inmemory..")
            .should().dependOnClassesThat().resideInAPackage("io.sagaflow.internal..");
}
