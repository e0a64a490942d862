package io.sagaflow.test.durable;

import io.sagaflow.rabbitmq.RabbitMqMessageBroker;
import io.sagaflow.rabbitmq.RabbitMqSettings;
import io.sagaflow.test.SagaTestEnvironment;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Runs the harness on production-like infrastructure: the RabbitMQ broker of {@link RabbitMqEnvironment} and the JDBC
 * store and inbox of {@link JdbcEnvironment} (PostgreSQL by default), each with unique names per harness and
 * deleted on close. Configured by the same properties as those two.
 *
 * <pre>{@code
 * @SagaTest(environment = RabbitMqJdbcEnvironment.class)
 * class PlaceOrderOnRealInfrastructureTest { ... }
 * }</pre>
 *
 * <p>Thread-safe. {@link #create} throws {@link io.sagaflow.BrokerException} or {@link io.sagaflow.SagaStoreException}
 * when a server cannot be reached, after removing what it had made.
 *
 * @since 0.1
 */
public final class RabbitMqJdbcEnvironment implements SagaTestEnvironment.Factory {
    private final RabbitMqSettings rabbit;
    private final JdbcEnvironment jdbc;

    /** Uses the configured RabbitMQ and PostgreSQL. */
    public RabbitMqJdbcEnvironment() {
        this(RabbitMqEnvironment.harnessSettings(Settings.value("sagaflow.test.rabbitmq.uri",
                RabbitMqEnvironment.DEFAULT_URI)).build(), new JdbcEnvironment());
    }

    /**
     * @param rabbit the broker's connection details and limits; prefix and connection name are set per harness
     * @param jdbc the database factory, e.g. {@code new JdbcEnvironment.H2()}
     */
    public RabbitMqJdbcEnvironment(RabbitMqSettings rabbit, JdbcEnvironment jdbc) {
        this.rabbit = Objects.requireNonNull(rabbit, "rabbit");
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    @Override
    public SagaTestEnvironment create(String name) {
        Deque<DurableEnvironment.CleanUp> cleanUps = new ArrayDeque<>();
        return JdbcEnvironment.withCleanUp(cleanUps, "RabbitMQ and JDBC environment " + name, () -> {
            RabbitMqMessageBroker broker = RabbitMqEnvironment.broker(rabbit, name, cleanUps);
            Database database = jdbc.database(name, cleanUps);
            return new DurableEnvironment("RabbitMQ " + broker.settings().prefix() + " and "
                    + JdbcEnvironment.describe(database), broker, JdbcEnvironment.store(database, cleanUps),
                    wrapped -> DrainingInbox.create(database.dataSource(), database.schema(), wrapped, cleanUps),
                    cleanUps);
        });
    }
}
