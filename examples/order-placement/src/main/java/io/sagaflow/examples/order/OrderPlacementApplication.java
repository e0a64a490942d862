package io.sagaflow.examples.order;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The order-placement example as a Spring Boot web application. With no profile, every service runs in this JVM on
 * the embedded defaults (in-memory broker, H2 databases in files, one per service), a seeded demo prints completed
 * and compensated orders, and the REST API stays up until Ctrl-C. With {@code --spring.profiles.active=distributed,X}
 * it runs only service X ({@code orders}, {@code inventory}, {@code payment} or {@code notification}) over RabbitMQ
 * and PostgreSQL.
 *
 * @since 0.1
 */
@SpringBootApplication
public class OrderPlacementApplication {

    /** Used by Spring. */
    public OrderPlacementApplication() {
        // configuration class
    }

    /**
     * Runs the application; returns after the seeded demo when {@code --demo.exit-after-seed=true}.
     *
     * @param args Spring Boot arguments, e.g. {@code --server.port=9090}
     */
    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(OrderPlacementApplication.class, args);
        if (context.getEnvironment().getProperty("demo.exit-after-seed", Boolean.class, false)) {
            context.close();
        }
    }
}
