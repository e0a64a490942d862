package io.sagaflow.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import io.sagaflow.BrokerException;
import io.sagaflow.spi.BrokerState;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.Subscription;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MessageBroker} on RabbitMQ, with the official AMQP Java client.
 *
 * <p>Topology (declared by the broker itself, durable): direct exchanges {@code <prefix>.commands},
 * {@code <prefix>.replies} and {@code <prefix>.events} routed by destination name; a queue
 * {@code <prefix>.<kind>.<name>.<group>} per destination and group, classic or quorum; a dead-letter exchange
 * {@code <prefix>.dlx} and a dead-letter queue {@code <queue>.dlq} per queue. Publishing to a command or reply
 * destination declares its {@link #DEFAULT_GROUP} queue first, so nothing is lost before a consumer subscribes.
 *
 * <p>Publishing is persistent, mandatory and confirmed: {@link #publish} returns once the broker confirmed every
 * message, retries what was nacked, returned or not confirmed in time, and throws {@link BrokerException} when
 * retries are exhausted, so the outbox keeps the batch. An event with no subscribed group is dropped, as the
 * {@link MessageBroker} contract says. Consumers acknowledge after the handler returned; poison messages go to the
 * dead-letter queue with an {@code x-sagaflow-dead-letter-reason} header (see {@link QueueConsumer}).
 *
 * <p>Publishing and consuming use separate connections with automatic connection and topology recovery: after the
 * broker restarts or the network drops, exchanges, queues, bindings and consumers come back by themselves;
 * publishes during the outage fail fast with {@link BrokerException} and stay in the outbox.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class RabbitMqMessageBroker implements MessageBroker {
    private static final Logger log = LoggerFactory.getLogger(RabbitMqMessageBroker.class);

    private final RabbitMqSettings settings;
    private final Topology topology;
    private final EnvelopeMapper mapper;
    private final ExecutorService consumerThreads;
    private final Connection publishConnection;
    private final Connection consumeConnection;
    private final Publisher publisher;
    private final List<RabbitMqSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicBoolean open = new AtomicBoolean(true);

    /**
     * Connects (two connections: publishing and consuming) and declares the exchanges.
     *
     * @param settings where and how to connect
     * @throws BrokerException if the broker cannot be reached or refuses the login or the declarations
     */
    public RabbitMqMessageBroker(RabbitMqSettings settings) {
        this(Objects.requireNonNull(settings, "settings"), Connections.factory(settings));
    }

    /**
     * Connects with an application's connection factory (for example the one Spring Boot configures from
     * {@code spring.rabbitmq.*}): host, port, virtual host, credentials and TLS come from it, names and limits from
     * {@code settings}. The factory is copied, never changed; the copy gets the automatic recovery this broker
     * relies on, and the socket mode of {@link RabbitMqSettings#nio()}: NIO sockets ignore a factory's
     * {@code SocketConfigurator}, so pass settings with {@code nio(false)} to keep one.
     *
     * @param connectionFactory where and how to connect
     * @param settings topology names and publishing and consuming limits; its connection details are ignored
     * @return the connected broker
     * @throws BrokerException if the broker cannot be reached or refuses the login or the declarations
     * @since 0.1
     */
    public static RabbitMqMessageBroker using(ConnectionFactory connectionFactory, RabbitMqSettings settings) {
        Objects.requireNonNull(connectionFactory, "connectionFactory");
        Objects.requireNonNull(settings, "settings");
        return new RabbitMqMessageBroker(Connections.describing(connectionFactory, settings),
                Connections.recovering(connectionFactory.clone(), settings));
    }

    private RabbitMqMessageBroker(RabbitMqSettings settings, ConnectionFactory factory) {
        this.settings = settings;
        this.topology = new Topology(settings);
        this.mapper = new EnvelopeMapper(settings.maxMessageBytes());
        this.consumerThreads = Executors.newCachedThreadPool(
                Thread.ofPlatform().daemon().name("sagaflow-rabbitmq-consumer-", 0).factory());
        Connection publishing = null;
        try {
            publishing = Connections.open(factory, settings, "publish", null);
            this.publishConnection = publishing;
            this.consumeConnection = Connections.open(factory, settings, "consume", consumerThreads);
        } catch (BrokerException e) {
            Connections.closeQuietly(publishing);
            consumerThreads.shutdownNow();
            throw e;
        }
        listen(publishConnection);
        listen(consumeConnection);
        this.publisher = new Publisher(publishConnection, settings);
        topology.declareExchanges(publishConnection);
        log.info("RabbitMQ broker connected: {}", settings);
    }

    /** @return the settings this broker runs with */
    public RabbitMqSettings settings() {
        return settings;
    }

    /**
     * @return every queue this broker declared since it was made, each followed by its dead-letter queue, for
     *     tooling and test clean-up
     * @since 0.1
     */
    public Set<String> declaredQueues() {
        Set<String> queues = new LinkedHashSet<>();
        for (String queue : new TreeSet<>(topology.everDeclared())) {
            queues.add(queue);
            queues.add(Topology.deadLetterQueue(queue));
        }
        return Collections.unmodifiableSet(queues);
    }

    Topology topology() {
        return topology;
    }

    Connection publishConnection() {
        return publishConnection;
    }

    Connection consumeConnection() {
        return consumeConnection;
    }

    @Override
    public void publish(List<Envelope> messages) {
        requireOpen();
        if (messages.isEmpty()) {
            return;
        }
        Set<Destination> destinations = new LinkedHashSet<>();
        List<Publisher.Outgoing> outgoing = new ArrayList<>(messages.size());
        for (Envelope message : messages) {
            destinations.add(message.destination());
            outgoing.add(new Publisher.Outgoing(topology.exchange(message.destination().kind()),
                    message.destination().name(), mapper.properties(message), message.payload(),
                    message.destination().kind() == Destination.Kind.EVENTS, message));
        }
        declare(destinations);
        publisher.publish(outgoing, () -> {
            topology.forget();
            declare(destinations);
        });
        log.debug("published {} messages to {}", messages.size(), destinations);
    }

    private void declare(Set<Destination> destinations) {
        for (Destination destination : destinations) {
            topology.declareForPublish(publishConnection, destination);
        }
    }

    /**
     * @throws BrokerException if the queue cannot be declared or consumed, e.g. it exists with other arguments
     */
    @Override
    public Subscription subscribe(Destination destination, String group, MessageHandler handler) {
        requireOpen();
        Objects.requireNonNull(handler, "handler");
        String queue = topology.declareQueue(consumeConnection, destination, group);
        List<QueueConsumer> consumers = new ArrayList<>();
        try {
            for (int i = 0; i < settings.consumersPerSubscription(); i++) {
                Channel channel = consumeConnection.createChannel();
                if (channel == null) {
                    throw new BrokerException("no channel left on the RabbitMQ connection for queue " + queue);
                }
                channel.basicQos(settings.prefetch());
                QueueConsumer consumer = new QueueConsumer(channel, queue, handler, mapper, publisher,
                        topology.deadLetterExchange(), settings.deliveryLimit(), settings.redeliveryDelay());
                consumers.add(consumer);
                channel.basicConsume(queue, false, consumer);
            }
        } catch (IOException | RuntimeException e) {
            new RabbitMqSubscription(queue, consumers, () -> { }).close();
            throw e instanceof BrokerException broker ? broker
                    : new BrokerException("cannot consume queue " + queue + ": " + Errors.describe(e), e);
        }
        RabbitMqSubscription[] self = new RabbitMqSubscription[1];
        self[0] = new RabbitMqSubscription(queue, consumers, () -> subscriptions.remove(self[0]));
        subscriptions.add(self[0]);
        log.info("consuming {} group '{}' from queue {} with {} consumers, prefetch {}", destination, group, queue,
                consumers.size(), settings.prefetch());
        return self[0];
    }

    private void listen(Connection connection) {
        connection.addShutdownListener(cause -> {
            if (open.get() && !cause.isInitiatedByApplication()) {
                log.warn("RabbitMQ connection {} lost, reconnecting every {}: {}", connection.getClientProvidedName(),
                        settings.recoveryInterval(), Errors.describe(cause));
            }
        });
        if (connection instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    log.info("RabbitMQ connection {} recovered with its topology and consumers",
                            connection.getClientProvidedName());
                }

                @Override
                public void handleTopologyRecoveryStarted(Recoverable recovering) {
                    topology.redeclareAll(connection);
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    log.debug("RabbitMQ connection {}: recovery started", connection.getClientProvidedName());
                }
            });
        }
    }

    private void requireOpen() {
        if (!open.get()) {
            throw new BrokerException("the RabbitMQ broker '" + settings.connectionName() + "' is closed");
        }
    }

    /**
     * @return {@link BrokerState#CLOSED} after {@link #close()}, {@link BrokerState#CONNECTED} while both the
     *     publishing and the consuming connection are open, {@link BrokerState#DISCONNECTED} while either recovers
     */
    @Override
    public BrokerState state() {
        if (!open.get()) {
            return BrokerState.CLOSED;
        }
        return publishConnection.isOpen() && consumeConnection.isOpen() ? BrokerState.CONNECTED
                : BrokerState.DISCONNECTED;
    }

    /** Stops every subscription (waiting for handlers in progress), then closes both connections. Idempotent. */
    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        subscriptions.forEach(RabbitMqSubscription::close);
        publisher.close();
        Connections.closeQuietly(consumeConnection);
        Connections.closeQuietly(publishConnection);
        consumerThreads.shutdownNow();
        log.info("RabbitMQ broker '{}' closed", settings.connectionName());
    }
}
