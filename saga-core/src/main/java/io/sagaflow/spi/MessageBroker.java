package io.sagaflow.spi;

import java.util.List;
import java.util.function.Supplier;

/**
 * Publish and subscribe with acknowledgement and at-least-once delivery.
 *
 * <p>Delivery model: every {@code group} subscribed to a destination gets each message once, and consumers in one
 * group compete for it. Messages published to a {@link Destination.Kind#COMMANDS} or {@link Destination.Kind#REPLIES}
 * destination are kept for its {@link #DEFAULT_GROUP} even before anyone subscribes. A message may be delivered
 * more than once, and after a redelivery in another order: the engine and the participant inbox are written for it.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1
 */
public interface MessageBroker extends AutoCloseable {
    /** The group of command and reply consumers. */
    String DEFAULT_GROUP = "default";

    /**
     * Publishes messages and returns once the broker has durably accepted every one (publisher confirms).
     *
     * @param messages the messages, in order
     * @throws io.sagaflow.BrokerException if any message was not confirmed; the caller sends them all again
     */
    void publish(List<Envelope> messages);

    /**
     * Starts delivering a destination's messages to a handler.
     *
     * @param destination what to consume
     * @param group the consumer group; {@link #DEFAULT_GROUP} for commands and replies
     * @param handler called for each message; see {@link MessageHandler} for acknowledgement
     * @return the subscription, to close
     */
    Subscription subscribe(Destination destination, String group, MessageHandler handler);

    /**
     * What this broker knows about its connection, for health checks. Cheap and non-blocking; never throws.
     *
     * @return the connection state; {@link BrokerState#UNKNOWN} unless the implementation watches a connection
     * @since 0.1
     */
    default BrokerState state() {
        return BrokerState.UNKNOWN;
    }

    /**
     * Whether {@link #publish} only hands messages to queues in this JVM (no I/O, no waiting for confirms) and each
     * message is delivered once, and again only after its handler failed. Then a saga engine publishes on the thread
     * that stored a saga's new state (see {@link MessageOutbox#publishOnWrite}) rather than handing the messages to its
     * relay thread, and a {@link io.sagaflow.ParticipantRuntime} given no inbox keeps no deduplication records, as no
     * duplicate can arrive. Wrappers that add work to a publish, or duplicates, keep the default.
     *
     * @return false by default; true for the in-memory broker
     * @since 0.1
     */
    default boolean inProcess() {
        return false;
    }

    /**
     * Runs {@code work} on the calling thread. A broker that hands messages straight to its handlers (the in-memory
     * broker with {@link io.sagaflow.inmemory.InMemoryMessageBroker.Dispatch#DIRECT direct dispatch}) then handles on
     * this thread, before it returns, what {@code work} published and what those handlers publish in turn, as it does
     * for what its own handlers publish. The saga engine starts sagas through this, so that on such a broker a saga
     * runs on the thread that starts it, as an Axon saga on a subscribing processor does. Every other broker, and a
     * wrapper that does not pass the call on, runs {@code work} and returns; what it published is delivered as usual.
     *
     * @param work what to run; it may publish
     * @param <T> what it returns
     * @return what {@code work} returned
     * @since 0.1
     */
    default <T> T deliverOnCaller(Supplier<T> work) {
        return work.get();
    }

    /** Stops every subscription and releases connections. */
    @Override
    void close();
}
