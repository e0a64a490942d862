package io.sagaflow.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import io.sagaflow.BrokerException;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes with confirms on a small pool of {@link ConfirmChannel}s shared by every caller: concurrent callers
 * (participant consumers sending replies, relays, republishing consumers) publish onto the same channels, so one
 * confirm from the broker (acknowledging many sequence numbers at once) serves many of them, and each caller waits
 * only for its own messages' confirms. A batch returns once every message is confirmed; messages nacked, returned as unroutable, unconfirmed within the timeout, or lost with a closed channel
 * are sent again (after {@code beforeRetry}, which redeclares the topology) up to the attempt limit, and then the
 * batch fails with a {@link BrokerException} so its caller (the outbox) keeps it.
 *
 * <p>Thread-safe: callers are spread over the channels ({@value #CHANNELS} by default) in turn; a caller's messages go out on one
 * channel in its order (a re-send, too, in the original order). A channel whose confirms time out is closed, which
 * fails the confirms other callers await on it: they send their messages again, as after a lost connection.
 */
final class Publisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Publisher.class);
    private static final int CHANNELS = 4;
    private static final long RETRY_PAUSE_MILLIS = 100;

    private final Connection connection;
    private final RabbitMqSettings settings;
    private final @Nullable ConfirmChannel[] channels;
    private final AtomicInteger turn = new AtomicInteger();

    Publisher(Connection connection, RabbitMqSettings settings) {
        this(connection, settings, CHANNELS);
    }

    /** @param channelCount how many confirm channels the callers share */
    Publisher(Connection connection, RabbitMqSettings settings, int channelCount) {
        this.connection = connection;
        this.settings = settings;
        this.channels = new ConfirmChannel[channelCount];
    }

    /**
     * A message to send.
     *
     * @param exchange the exchange
     * @param routingKey the routing key
     * @param properties its properties and headers
     * @param body its body
     * @param unroutableIsDelivered true for events: no subscribed group means no one wants it, not an error
     * @param description names it in log lines and exceptions; its {@code toString()} is called only for those
     */
    record Outgoing(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body,
                    boolean unroutableIsDelivered, Object description) {
        /** Identity: each is one send, and hashing its properties and headers on every publish showed in profiles. */
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /**
     * Sends the messages and returns once every one is confirmed.
     *
     * @param beforeRetry runs before messages are sent again, e.g. to redeclare what was deleted
     * @throws BrokerException naming the messages not confirmed after every attempt, and why
     */
    void publish(List<Outgoing> messages, Runnable beforeRetry) {
        List<Outgoing> pending = messages;
        for (int attempt = 1; ; attempt++) {
            Map<Outgoing, String> failures = sendOnce(pending);
            if (failures.isEmpty()) {
                return;
            }
            String why = describe(failures);
            if (attempt >= settings.publishAttempts()) {
                throw new BrokerException(failures.size() + " of " + messages.size() + " messages not confirmed by "
                        + "RabbitMQ after " + attempt + " attempts: " + why);
            }
            log.warn("{} of {} messages not confirmed (attempt {} of {}), sending them again: {}", failures.size(),
                    pending.size(), attempt, settings.publishAttempts(), why);
            pause(attempt);
            try {
                beforeRetry.run();
            } catch (BrokerException e) {
                log.warn("could not redeclare the topology before sending again: {}", e.getMessage());
            }
            pending = pending.stream().filter(failures::containsKey).toList(); // in their original order
        }
    }

    private Map<Outgoing, String> sendOnce(List<Outgoing> messages) {
        Map<Outgoing, String> failures = new LinkedHashMap<>();
        ConfirmChannel channel;
        try {
            channel = acquire();
        } catch (IOException | RuntimeException e) {
            messages.forEach(m -> failures.put(m, "no publishing channel: " + Errors.describe(e)));
            return failures;
        }
        boolean healthy = true;
        Map<Outgoing, ConfirmChannel.Sent> sent = new LinkedHashMap<>();
        try {
            for (Outgoing message : messages) {
                try {
                    sent.put(message, channel.publish(message.exchange(), message.routingKey(),
                            message.properties(), message.body()));
                } catch (IOException | RuntimeException e) {
                    failures.put(message, "send failed: " + Errors.describe(e));
                }
            }
            healthy = await(sent.values());
            sent.forEach((message, confirmation) -> {
                String failure = failure(confirmation);
                String returned = channel.takeReturn(confirmation.seq());
                if (failure != null) {
                    failures.put(message, failure);
                } else if (returned != null && message.unroutableIsDelivered()) {
                    log.debug("{}: no group subscribed, so no one keeps it: {}", message.description(), returned);
                } else if (returned != null) {
                    failures.put(message, "unroutable: " + returned);
                }
            });
            return failures;
        } finally {
            sent.values().forEach(confirmation -> channel.forget(confirmation.seq()));
            release(channel, healthy);
        }
    }

    /** @return false if the wait timed out, so the channel's state is unknown */
    private boolean await(Collection<ConfirmChannel.Sent> sent) {
        CompletableFuture<?>[] confirms = sent.stream().map(ConfirmChannel.Sent::confirm)
                .toArray(CompletableFuture<?>[]::new);
        try {
            CompletableFuture.allOf(confirms).get(settings.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return true; // each failed confirm is read in outcome()
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while waiting for publisher confirms", e);
        }
    }

    private @Nullable String failure(ConfirmChannel.Sent sent) {
        CompletableFuture<Void> confirm = sent.confirm();
        if (!confirm.isDone()) {
            return "not confirmed within " + settings.confirmTimeout();
        }
        return confirm.isCompletedExceptionally() ? confirm.exceptionNow().getMessage() : null;
    }

    /** @return the next channel in turn, opened again if it was closed */
    private ConfirmChannel acquire() throws IOException {
        int slot = Math.floorMod(turn.getAndIncrement(), channels.length);
        synchronized (channels) {
            ConfirmChannel channel = channels[slot];
            if (channel != null && channel.isOpen()) {
                return channel;
            }
            if (channel != null) {
                // Closed by a channel error or a lost connection: drop it rather than wait for its recovery.
                channel.abort();
            }
            ConfirmChannel opened = new ConfirmChannel(connection);
            channels[slot] = opened;
            return opened;
        }
    }

    private void release(ConfirmChannel channel, boolean healthy) {
        if (!healthy) {
            // Its state is unknown; callers still waiting on it see their confirms fail and send again.
            channel.abort();
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted before sending unconfirmed messages again", e);
        }
    }

    private static String describe(Map<Outgoing, String> failures) {
        StringBuilder text = new StringBuilder();
        int shown = 0;
        for (Map.Entry<Outgoing, String> failure : failures.entrySet()) {
            if (shown++ == 5) {
                text.append("; and ").append(failures.size() - 5).append(" more");
                break;
            }
            text.append(shown == 1 ? "" : "; ").append(failure.getKey().description()).append(": ")
                    .append(failure.getValue());
        }
        return text.toString();
    }

    @Override
    public void close() {
        synchronized (channels) {
            for (int i = 0; i < channels.length; i++) {
                ConfirmChannel channel = channels[i];
                if (channel != null) {
                    channel.abort();
                    channels[i] = null;
                }
            }
        }
    }
}
