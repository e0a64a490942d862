package io.sagaflow.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import io.sagaflow.BrokerException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A publishing channel in confirm mode that tracks each message: a future per publish sequence number, completed by
 * the broker's ack, failed by its nack or by the channel closing, and a record of messages the broker returned as
 * unroutable (mandatory publishing). Returned messages are matched by a sequence-number header, because a return
 * carries no delivery tag.
 *
 * <p>Thread-safe: several threads publish on one channel at once, each waiting for its own messages' futures; a lock
 * keeps taking the sequence number and sending the message atomic. The listeners run on the client's I/O thread.
 * A return always reaches the listener before the ack of the same message.
 */
final class ConfirmChannel implements ConfirmListener {
    /** Header carrying the publish sequence number, to match returns to publishes. */
    static final String PUBLISH_SEQ = "x-sagaflow-publish-seq";

    private final Channel channel;
    private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> outstanding = new ConcurrentSkipListMap<>();
    private final Map<Long, String> returned = new ConcurrentHashMap<>();
    private final ReentrantLock publishing = new ReentrantLock();

    ConfirmChannel(Connection connection) throws IOException {
        Channel created = connection.createChannel();
        if (created == null) {
            throw new BrokerException("RabbitMQ connection " + connection + " has no channel left");
        }
        this.channel = created;
        channel.confirmSelect();
        channel.addConfirmListener(this);
        channel.addReturnListener(this::onReturn);
        channel.addShutdownListener(this::onShutdown);
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Sends a message with the mandatory flag.
     *
     * @return completes when the broker confirmed it; fails if nacked or the channel closed
     * @throws IOException if the client could not send it
     */
    Sent publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body)
            throws IOException {
        Map<String, Object> headers = new HashMap<>();
        if (properties.getHeaders() != null) {
            headers.putAll(properties.getHeaders());
        }
        CompletableFuture<Void> confirm = new CompletableFuture<>();
        publishing.lock();
        try {
            // The sequence number the broker will confirm is the channel's next one only if no other thread
            // publishes in between.
            long seq = channel.getNextPublishSeqNo();
            outstanding.put(seq, confirm);
            headers.put(PUBLISH_SEQ, seq);
            try {
                channel.basicPublish(exchange, routingKey, true, properties.builder().headers(headers).build(),
                        body);
            } catch (IOException | RuntimeException e) {
                outstanding.remove(seq);
                throw e;
            }
            return new Sent(seq, confirm);
        } finally {
            publishing.unlock();
        }
    }

    /** @return the broker's reason if it returned this message as unroutable, else null; forgets it */
    @Nullable String takeReturn(long seq) {
        return returned.remove(seq);
    }

    /** Forgets a message whose confirm is no longer awaited. */
    void forget(long seq) {
        outstanding.remove(seq);
        returned.remove(seq);
    }

    /** Closes the channel without waiting, e.g. after a confirm timed out and its state is unknown. */
    void abort() {
        try {
            channel.abort();
        } catch (IOException e) {
            // abort() only declares IOException for the interface; a channel that cannot close is closed already.
            outstanding.clear();
        }
    }

    @Override
    public void handleAck(long deliveryTag, boolean multiple) {
        settle(deliveryTag, multiple, null);
    }

    @Override
    public void handleNack(long deliveryTag, boolean multiple) {
        settle(deliveryTag, multiple, "nacked by the broker (queue full with reject-publish, or an internal error)");
    }

    private void settle(long deliveryTag, boolean multiple, @Nullable String nackReason) {
        Map<Long, CompletableFuture<Void>> settled = multiple ? outstanding.headMap(deliveryTag, true)
                : outstanding.subMap(deliveryTag, true, deliveryTag, true);
        settled.forEach((seq, confirm) -> {
            if (nackReason == null) {
                confirm.complete(null);
            } else {
                confirm.completeExceptionally(new BrokerException(nackReason));
            }
        });
        settled.clear();
    }

    private void onReturn(Return message) {
        Map<String, Object> headers = message.getProperties().getHeaders();
        if (headers != null && headers.get(PUBLISH_SEQ) instanceof Number seq) {
            returned.put(seq.longValue(), message.getReplyCode() + " " + message.getReplyText() + " (exchange '"
                    + message.getExchange() + "', routing key '" + message.getRoutingKey() + "')");
        }
    }

    private void onShutdown(ShutdownSignalException cause) {
        BrokerException failure = new BrokerException("publishing channel closed: " + Errors.describe(cause), cause);
        outstanding.values().forEach(confirm -> confirm.completeExceptionally(failure));
        outstanding.clear();
    }

    /**
     * A message sent and awaiting its confirm.
     *
     * @param seq its publish sequence number
     * @param confirm completes on ack
     */
    record Sent(long seq, CompletableFuture<Void> confirm) {
    }
}
