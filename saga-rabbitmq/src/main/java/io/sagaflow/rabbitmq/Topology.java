package io.sagaflow.rabbitmq;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.sagaflow.BrokerException;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.MessageBroker;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names and declares the exchanges and queues. One direct exchange per destination kind ({@code <prefix>.commands},
 * {@code <prefix>.replies}, {@code <prefix>.events}) routed by the destination's name; a durable queue per
 * (destination, group) named {@code <prefix>.<kind>.<name>.<group>}; one dead-letter exchange {@code <prefix>.dlx}
 * routing by source queue name to one dead-letter queue per queue, {@code <queue>.dlq}.
 *
 * <p>Thread-safe. Declarations are cached per connection; each runs on a short-lived channel, so a refused
 * declaration (PRECONDITION_FAILED) closes only that channel.
 */
final class Topology {
    private static final Logger log = LoggerFactory.getLogger(Topology.class);

    /** Suffix of dead-letter queues. */
    static final String DLQ_SUFFIX = ".dlq";
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final RabbitMqSettings settings;
    private final Set<String> declaredQueues = ConcurrentHashMap.newKeySet();
    private final Map<String, Declared> everDeclared = new ConcurrentHashMap<>();
    private volatile boolean exchangesDeclared;

    Topology(RabbitMqSettings settings) {
        this.settings = settings;
    }

    String exchange(Destination.Kind kind) {
        return settings.prefix() + "." + kind.name().toLowerCase(Locale.ROOT);
    }

    String deadLetterExchange() {
        return settings.prefix() + ".dlx";
    }

    /** @throws IllegalArgumentException if the group name is not letters, digits and {@code . _ -} */
    String queue(Destination destination, String group) {
        if (!GROUP.matcher(group).matches()) {
            throw new IllegalArgumentException("group must match " + GROUP.pattern() + ", was '"
                    + EnvelopeMapper.cut(group) + "'");
        }
        return exchange(destination.kind()) + "." + destination.name() + "." + group;
    }

    static String deadLetterQueue(String queue) {
        return queue + DLQ_SUFFIX;
    }

    /** Declares the exchanges, once per instance until {@link #forget()}. */
    void declareExchanges(Connection connection) {
        if (exchangesDeclared) {
            return;
        }
        onChannel(connection, "the exchanges", channel -> {
            for (Destination.Kind kind : Destination.Kind.values()) {
                channel.exchangeDeclare(exchange(kind), BuiltinExchangeType.DIRECT, true);
            }
            channel.exchangeDeclare(deadLetterExchange(), BuiltinExchangeType.DIRECT, true);
        });
        exchangesDeclared = true;
    }

    /**
     * Declares a group's queue, its dead-letter queue and their bindings, once per instance until {@link #forget()}.
     *
     * @return the queue's name
     * @throws BrokerException if the broker refuses, e.g. the queue exists with other arguments
     */
    String declareQueue(Connection connection, Destination destination, String group) {
        String queue = queue(destination, group);
        if (declaredQueues.contains(queue)) {
            return queue;
        }
        declareExchanges(connection);
        onChannel(connection, "queue '" + queue + "'", channel -> {
            String dlq = deadLetterQueue(queue);
            channel.queueDeclare(dlq, true, false, false, typeArguments());
            channel.queueBind(dlq, deadLetterExchange(), queue);
            Map<String, Object> arguments = typeArguments();
            // Broker-side dead-lettering is the backstop for what the consumer cannot handle itself: a message whose
            // delivery keeps killing the consumer process (quorum x-delivery-limit counts those).
            arguments.put("x-dead-letter-exchange", deadLetterExchange());
            arguments.put("x-dead-letter-routing-key", queue);
            if (settings.quorumQueues()) {
                arguments.put("x-delivery-limit", settings.deliveryLimit());
            }
            channel.queueDeclare(queue, true, false, false, arguments);
            channel.queueBind(queue, exchange(destination.kind()), destination.name());
        });
        declaredQueues.add(queue);
        everDeclared.put(queue, new Declared(destination, group));
        log.debug("declared queue {} for {} group '{}'", queue, destination, group);
        return queue;
    }

    /** Declares the default group's queue of a command or reply destination, so nothing is lost before a consumer. */
    void declareForPublish(Connection connection, Destination destination) {
        declareExchanges(connection);
        if (destination.kind() != Destination.Kind.EVENTS) {
            declareQueue(connection, destination, MessageBroker.DEFAULT_GROUP);
        }
    }

    /** @return every queue this instance declared (without the dead-letter queues), for tooling and tests */
    Set<String> everDeclared() {
        return Set.copyOf(everDeclared.keySet());
    }

    /**
     * Declares again everything this instance ever declared. Runs when a connection recovers, before its consumers
     * are recovered: the client's own topology recovery is off for exchanges, queues and bindings, because it would
     * replay them on the short-lived channels that first declared them.
     */
    void redeclareAll(Connection connection) {
        forget();
        try {
            declareExchanges(connection);
            everDeclared.values().forEach(declared -> declareQueue(connection, declared.destination(),
                    declared.group()));
            log.info("redeclared the exchanges and {} queues after reconnecting", everDeclared.size());
        } catch (BrokerException e) {
            forget();
            log.warn("could not redeclare the topology after reconnecting; publishing declares it again: {}",
                    e.getMessage());
        }
    }

    /** Forgets the cache, so the next publish declares again (after an exchange or queue was deleted). */
    void forget() {
        exchangesDeclared = false;
        declaredQueues.clear();
    }

    private Map<String, Object> typeArguments() {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-queue-type", settings.quorumQueues() ? "quorum" : "classic");
        return arguments;
    }

    private static void onChannel(Connection connection, String what, ChannelWork work) {
        try (Channel channel = connection.createChannel()) {
            work.run(channel);
        } catch (IOException | TimeoutException | RuntimeException e) {
            throw new BrokerException("RabbitMQ refused to declare " + what + ": " + Errors.describe(e), e);
        }
    }

    private record Declared(Destination destination, String group) {
    }

    @FunctionalInterface
    private interface ChannelWork {
        void run(Channel channel) throws IOException;
    }
}
