package io.sagaflow.examples.order;

import io.sagaflow.SagaStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Opens each service's own database (see {@link ServiceDatabase}). In embedded mode with {@code demo.reset-data=true}
 * (the default) it first deletes the previous run's H2 files, so that every run starts from the seeded stock.
 */
@Component
final class ServiceDatabases {
    private static final Logger log = LoggerFactory.getLogger(ServiceDatabases.class);
    private final Environment environment;

    ServiceDatabases(Environment environment) {
        this.environment = environment;
        boolean embedded = environment.getProperty("demo.db.url", "").isBlank();
        if (embedded && environment.getProperty("demo.reset-data", Boolean.class, true)) {
            deleteDirectory(Path.of(environment.getProperty("demo.data-dir", "target/order-placement-data")));
        }
    }

    ServiceDatabase open(String service) {
        return ServiceDatabase.open(environment, service);
    }

    private static void deleteDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
            log.info("deleted the previous run's databases in {}", directory);
        } catch (IOException e) {
            throw new SagaStoreException("cannot delete the previous run's databases in " + directory
                    + "; delete it by hand or start with --demo.reset-data=false", e);
        }
    }
}
