package io.sagaflow.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.sagaflow.BrokerException;
import io.sagaflow.MessageRejectedException;
import io.sagaflow.spi.MessageHandler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one queue on one channel and applies the {@link MessageHandler} contract. A message is acknowledged only
 * after the handler returned. A message that cannot be decoded, or that the handler rejects, is published to the
 * dead-letter queue with the reason and then acknowledged. A handler failure is counted in the
 * {@value #DELIVERY_COUNT} header: after a pause growing with the count, the message is published again to the
 * back of its queue with the count raised and then acknowledged, until the count reaches the delivery limit and it
 * is dead-lettered with the last error.
 * Quorum queues add their own {@code x-delivery-count} (deliveries cut short by a lost connection or a crashed
 * consumer) to the count.
 *
 * <p>If a republish is not confirmed the delivery is nacked back to the queue: a message is never acknowledged
 * before its copy is safe.
 */
final class QueueConsumer extends DefaultConsumer {
    private static final Logger log = LoggerFactory.getLogger(QueueConsumer.class);

    /** Header: failed deliveries so far, kept across republishing. */
    static final String DELIVERY_COUNT = "x-sagaflow-delivery-count";
    /** Header of a dead letter: why. */
    static final String DEAD_LETTER_REASON = "x-sagaflow-dead-letter-reason";
    /** Header of a dead letter: the queue it came from. */
    static final String DEAD_LETTER_QUEUE = "x-sagaflow-dead-letter-queue";
    /** Header of a dead letter: when, ISO-8601. */
    static final String DEAD_LETTERED_AT = "x-sagaflow-dead-lettered-at";
    private static final String QUORUM_DELIVERY_COUNT = "x-delivery-count";
    private static final int MAX_REASON = 1_000;

    private final String queue;
    private final MessageHandler handler;
    private final EnvelopeMapper mapper;
    private final Publisher publisher;
    private final String deadLetterExchange;
    private final int deliveryLimit;
    private final Duration redeliveryDelay;
    private final ReentrantLock inFlight = new ReentrantLock();

    QueueConsumer(Channel channel, String queue, MessageHandler handler, EnvelopeMapper mapper, Publisher publisher,
                  String deadLetterExchange, int deliveryLimit, Duration redeliveryDelay) {
        super(channel);
        this.queue = queue;
        this.handler = handler;
        this.mapper = mapper;
        this.publisher = publisher;
        this.deadLetterExchange = deadLetterExchange;
        this.deliveryLimit = deliveryLimit;
        this.redeliveryDelay = redeliveryDelay;
    }

    /** Held while a delivery is handled, so closing can wait for it. */
    ReentrantLock inFlight() {
        return inFlight;
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope delivery, AMQP.BasicProperties properties, byte[] body) {
        if (!getChannel().isOpen()) {
            // Prefetched before the connection dropped: the broker has requeued it and delivers it again.
            log.debug("queue {}: skipping delivery {} of a closed channel", queue, delivery.getDeliveryTag());
            return;
        }
        inFlight.lock();
        try {
            process(delivery.getDeliveryTag(), properties, body);
        } finally {
            // The client runs several deliveries in a row on this thread: an interrupt a handler left behind (as
            // code that catches InterruptedException and restores the flag does) must not reach the next one.
            Thread.interrupted();
            inFlight.unlock();
        }
    }

    private void process(long tag, AMQP.@Nullable BasicProperties properties, byte[] body) {
        int deliveries = deliveries(properties);
        io.sagaflow.spi.Envelope envelope;
        try {
            envelope = mapper.envelope(properties, body);
        } catch (MessageRejectedException e) {
            deadLetter(tag, properties, body, "undecodable: " + e.getMessage(), deliveries);
            return;
        }
        try {
            handler.handle(envelope);
        } catch (MessageRejectedException e) {
            deadLetter(tag, properties, body, "rejected: " + e.getMessage(), deliveries);
            return;
        } catch (Exception e) {
            if (e instanceof InterruptedException && !getChannel().isOpen()) {
                // Interrupted as the broker closes (its channels close first): unacknowledged, the message goes
                // back to the queue.
                return;
            }
            // Otherwise the handler's own failure, counted like any other; a flag it left set would cut the pause
            // below short and send the message round again at once, uncounted, for as long as it fails.
            Thread.interrupted();
            if (deliveries >= deliveryLimit) {
                deadLetter(tag, properties, body, "handler failed " + deliveries + " times, last: " + e, deliveries);
            } else {
                Duration pause = redeliveryDelay.multipliedBy(deliveries);
                log.warn("{} on queue {}: delivery {} of {} failed, delivering again in {}: {}", envelope, queue,
                        deliveries, deliveryLimit, pause, e.toString());
                if (!pause(pause)) {
                    nack(tag);
                    return;
                }
                republish(tag, "", queue, properties, body, Map.of(DELIVERY_COUNT, deliveries), envelope.toString());
            }
            return;
        }
        ack(tag);
        log.debug("{} handled from queue {}", envelope, queue);
    }

    private void deadLetter(long tag, AMQP.@Nullable BasicProperties properties, byte[] body, String reason,
                            int deliveries) {
        String cut = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason;
        String messageId = properties == null || properties.getMessageId() == null ? "without id"
                : EnvelopeMapper.cut(properties.getMessageId());
        log.error("message {} from queue {} dead-lettered to {} after {} deliveries: {}", messageId, queue,
                Topology.deadLetterQueue(queue), deliveries, cut);
        republish(tag, deadLetterExchange, queue, properties, body, Map.of(
                DEAD_LETTER_REASON, cut,
                DEAD_LETTER_QUEUE, queue,
                DELIVERY_COUNT, deliveries,
                DEAD_LETTERED_AT, Instant.now().toString()), "message " + messageId);
    }

    private void republish(long tag, String exchange, String routingKey, AMQP.@Nullable BasicProperties properties,
                           byte[] body, Map<String, Object> extraHeaders, String description) {
        AMQP.BasicProperties base = properties != null ? properties : new AMQP.BasicProperties();
        Map<String, Object> headers = new HashMap<>();
        if (base.getHeaders() != null) {
            headers.putAll(base.getHeaders());
        }
        // The quorum count is folded into DELIVERY_COUNT; a stale copy would be counted twice.
        headers.remove(QUORUM_DELIVERY_COUNT);
        headers.putAll(extraHeaders);
        AMQP.BasicProperties copy = base.builder().headers(headers).deliveryMode(2).build();
        try {
            publisher.publish(java.util.List.of(new Publisher.Outgoing(exchange, routingKey, copy, body, false,
                    description + " from queue " + queue)), () -> { });
        } catch (BrokerException e) {
            log.warn("{} from queue {}: could not republish it, returning it to the queue: {}", description, queue,
                    e.getMessage());
            nack(tag);
            return;
        }
        ack(tag);
    }

    /**
     * Holds this consumer (and the messages prefetched on its channel) back before a failed message goes round
     * again, so a brief outage of what the handler needs does not use up the delivery limit at once.
     *
     * @return false if interrupted: the message goes back to the queue at once
     */
    private static boolean pause(Duration pause) {
        if (pause.isZero()) {
            return true;
        }
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int deliveries(AMQP.@Nullable BasicProperties properties) {
        Map<String, Object> headers = properties == null ? null : properties.getHeaders();
        if (headers == null) {
            return 1;
        }
        long failed = headers.get(DELIVERY_COUNT) instanceof Number n ? n.longValue() : 0;
        long quorumRedeliveries = headers.get(QUORUM_DELIVERY_COUNT) instanceof Number n ? n.longValue() : 0;
        return Math.clamp(failed + quorumRedeliveries + 1, 1, Integer.MAX_VALUE);
    }

    private void ack(long tag) {
        try {
            getChannel().basicAck(tag, false);
        } catch (IOException | RuntimeException e) {
            // The handler's work is done; the broker delivers the message again and the inbox answers it as a
            // duplicate.
            log.warn("queue {}: ack of delivery {} lost, the message will be delivered again: {}", queue, tag,
                    Errors.describe(e));
        }
    }

    private void nack(long tag) {
        try {
            getChannel().basicNack(tag, false, true);
        } catch (IOException | RuntimeException e) {
            log.warn("queue {}: nack of delivery {} lost; the broker requeues it when the channel closes: {}",
                    queue, tag, Errors.describe(e));
        }
    }
}
