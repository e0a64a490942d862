package io.sagaflow.test.durable;

import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.rabbitmq.RabbitMqMessageBroker;
import io.sagaflow.rabbitmq.RabbitMqSettings;
import io.sagaflow.test.SagaTestEnvironment;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * Runs the harness over a real RabbitMQ, with the in-memory store: each harness gets its own name prefix
 * ({@code sftest-<name>-<random>}), and closing it deletes every queue (with its dead-letter queue) and exchange
 * under that prefix. Queues are classic and redeliver failed messages at once and up to
 * {@value #DEFAULT_DELIVERY_LIMIT} times, as the harness expects of a broker.
 *
 * <p>The broker is {@code sagaflow.test.rabbitmq.uri} (system property) or {@code SAGAFLOW_TEST_RABBITMQ_URI}
 * (environment), default {@value #DEFAULT_URI}. Needs saga-rabbitmq on the test class path.
 *
 * <pre>{@code
 * @SagaTest(environment = RabbitMqEnvironment.class)
 * class PlaceOrderOverRabbitMqTest { ... }
 * }</pre>
 *
 * <p>Thread-safe. {@link #create} throws {@link io.sagaflow.BrokerException} when the broker cannot be reached.
 *
 * @since 0.1
 */
public final class RabbitMqEnvironment implements SagaTestEnvironment.Factory {
    /** The broker used unless configured otherwise. */
    public static final String DEFAULT_URI = "amqp://guest:guest@127.0.0.1:5672/%2F";
    /** Deliveries of one message before the broker dead-letters it: high, crashes in the harness throw often. */
    public static final int DEFAULT_DELIVERY_LIMIT = 1_000;

    private final RabbitMqSettings base;

    /** Connects to the configured broker ({@code sagaflow.test.rabbitmq.uri}, default {@value #DEFAULT_URI}). */
    public RabbitMqEnvironment() {
        this(harnessSettings(Settings.value("sagaflow.test.rabbitmq.uri", DEFAULT_URI)).build());
    }

    /**
     * @param base connection details and limits; the prefix and connection name are replaced per harness
     */
    public RabbitMqEnvironment(RabbitMqSettings base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    /**
     * @param uri an AMQP URI
     * @return the settings this factory uses by default for that broker: classic queues, immediate redelivery,
     *     {@value #DEFAULT_DELIVERY_LIMIT} deliveries, a short confirm timeout and fast reconnection
     */
    public static RabbitMqSettings.Builder harnessSettings(String uri) {
        return RabbitMqSettings.builder().uri(uri).quorumQueues(false).deliveryLimit(DEFAULT_DELIVERY_LIMIT)
                .redeliveryDelay(Duration.ofMillis(1)).confirmTimeout(Duration.ofSeconds(5))
                .recoveryInterval(Duration.ofMillis(500)).consumersPerSubscription(2);
    }

    @Override
    public SagaTestEnvironment create(String name) {
        Deque<DurableEnvironment.CleanUp> cleanUps = new ArrayDeque<>();
        RabbitMqMessageBroker broker = broker(base, name, cleanUps);
        return new DurableEnvironment("RabbitMQ environment " + broker.settings().prefix(), broker,
                new InMemorySagaStore(), null, cleanUps);
    }

    /** Connects a broker with a unique prefix, and adds its clean-up: close, then delete queues and exchanges. */
    static RabbitMqMessageBroker broker(RabbitMqSettings base, String name,
                                        Deque<DurableEnvironment.CleanUp> cleanUps) {
        String prefix = prefix(name);
        RabbitMqSettings settings = new RabbitMqSettings(base.host(), base.port(), base.virtualHost(),
                base.username(), base.password(), base.useTls(), base.sslContext(), prefix, base.quorumQueues(),
                base.prefetch(), base.consumersPerSubscription(), base.maxMessageBytes(), base.deliveryLimit(),
                base.redeliveryDelay(), base.confirmTimeout(), base.publishAttempts(), base.recoveryInterval(),
                prefix, base.nio());
        RabbitMqMessageBroker broker = new RabbitMqMessageBroker(settings);
        cleanUps.add(() -> RabbitTopology.delete(broker));
        cleanUps.add(broker::close);
        return broker;
    }

    /** @return {@code sftest-<name>-<random>}, within RabbitMQ's and the settings' limits */
    static String prefix(String name) {
        String safe = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (safe.length() > 30) {
            safe = safe.substring(0, 30);
        }
        return "sftest-" + safe + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
}
