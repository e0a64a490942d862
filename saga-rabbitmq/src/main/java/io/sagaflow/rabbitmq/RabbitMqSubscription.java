package io.sagaflow.rabbitmq;

import com.rabbitmq.client.Channel;
import io.sagaflow.spi.Subscription;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumers of one subscription, one channel each. Closing cancels them, waits for deliveries in progress to
 * finish (and be acknowledged), then closes the channels, so the broker hands unacknowledged messages to other
 * consumers.
 */
final class RabbitMqSubscription implements Subscription {
    private static final Logger log = LoggerFactory.getLogger(RabbitMqSubscription.class);
    private static final long IN_FLIGHT_WAIT_SECONDS = 10;

    private final String queue;
    private final List<QueueConsumer> consumers;
    private final Runnable onClose;
    private final AtomicBoolean open = new AtomicBoolean(true);

    RabbitMqSubscription(String queue, List<QueueConsumer> consumers, Runnable onClose) {
        this.queue = queue;
        this.consumers = List.copyOf(consumers);
        this.onClose = onClose;
    }

    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        for (QueueConsumer consumer : consumers) {
            Channel channel = consumer.getChannel();
            try {
                String tag = consumer.getConsumerTag();
                if (tag != null && channel.isOpen()) {
                    channel.basicCancel(tag);
                }
            } catch (IOException | RuntimeException e) {
                log.debug("queue {}: cancel failed, closing the channel instead: {}", queue, Errors.describe(e));
            }
        }
        for (QueueConsumer consumer : consumers) {
            waitForInFlight(consumer);
            try {
                // Even a closed channel is closed again: that also stops the client from recovering it and its
                // consumer when the connection comes back.
                consumer.getChannel().close();
            } catch (IOException | TimeoutException | RuntimeException e) {
                log.debug("queue {}: channel close failed; it is closed with the connection: {}", queue,
                        Errors.describe(e));
            }
        }
        onClose.run();
        log.info("stopped consuming queue {}", queue);
    }

    private void waitForInFlight(QueueConsumer consumer) {
        try {
            if (consumer.inFlight().tryLock(IN_FLIGHT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                consumer.inFlight().unlock();
            } else {
                log.warn("queue {}: a handler still runs after {} s; closing its channel returns its message to "
                        + "the queue", queue, IN_FLIGHT_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
