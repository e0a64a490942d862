package io.sagaflow.benchmarks;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * RabbitMQ's ceiling for the durable saga's traffic: persistent messages on a durable queue, published with publisher
 * confirms (a window of unconfirmed messages, as a relay would) and consumed with manual acknowledgements, at the
 * same time; then the latency of one confirmed publish at a time. Uses a uniquely named queue, deleted afterwards.
 */
final class RabbitMqCeiling {
    static final String HOST = "127.0.0.1";
    static final int PORT = 5672;
    private static final byte[] PAYLOAD = new byte[300];
    private static final int WINDOW = 256;
    private static final int ACK_BATCH = 16;

    static boolean reachable() {
        return Services.reachable(HOST, PORT);
    }

    static List<Ceiling> measure(Duration duration) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        factory.setUsername("guest");
        factory.setPassword("guest");
        if (DurableBackend.NIO) {
            // The socket mode the durable saga's broker uses, so the saga is measured against its own ceiling.
            factory.useNio();
        }
        String queue = "sagaflow-bench-" + UUID.randomUUID();
        try (Connection connection = factory.newConnection("sagaflow-benchmarks")) {
            Channel admin = connection.createChannel();
            admin.queueDeclare(queue, true, false, false, null);
            try {
                Ceiling streaming = publishAndConsume(connection, queue, duration, 1);
                // Whether acknowledging many deliveries at once (multiple=true) would lift the ceiling.
                Ceiling batchedAcks = publishAndConsume(connection, queue, duration, ACK_BATCH);
                Ceiling oneByOne = confirmLatency(connection, queue, duration.dividedBy(2));
                return List.of(streaming, batchedAcks, oneByOne);
            } finally {
                admin.queueDelete(queue);
                admin.close();
            }
        }
    }

    /**
     * @param ackEvery 1 to acknowledge each delivery; more to acknowledge every {@code ackEvery}-th with
     *     {@code multiple=true}, covering those before it
     */
    private static Ceiling publishAndConsume(Connection connection, String queue, Duration duration, int ackEvery)
            throws Exception {
        LongAdder consumed = new LongAdder();
        Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
        Channel consumer = connection.createChannel();
        consumer.basicQos(WINDOW);
        consumer.basicConsume(queue, false, new DefaultConsumer(consumer) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                consumed.increment();
                if (ackEvery == 1) {
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                } else if (consumed.sum() % ackEvery == 0) {
                    getChannel().basicAck(envelope.getDeliveryTag(), true);
                }
            }
        });
        Channel publisher = connection.createChannel();
        publisher.confirmSelect();
        Semaphore window = new Semaphore(WINDOW);
        ConcurrentSkipListMap<Long, Long> outstanding = new ConcurrentSkipListMap<>();
        publisher.addConfirmListener((tag, multiple) -> confirm(tag, multiple, outstanding, window, recorder),
                (tag, multiple) -> confirm(tag, multiple, outstanding, window, recorder));
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        while (System.nanoTime() < end) {
            window.acquire();
            outstanding.put(publisher.getNextPublishSeqNo(), System.nanoTime());
            publisher.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, PAYLOAD);
        }
        publisher.waitForConfirmsOrDie(30_000);
        long published = publisher.getNextPublishSeqNo() - 1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consumed.sum() < published && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        publisher.close();
        consumer.close();
        Histogram latency = recorder.getIntervalHistogram();
        return new Ceiling("RabbitMQ persistent publish (confirmed) + manual-ack consume"
                + (ackEvery == 1 ? "" : ", one ack per " + ackEvery + " deliveries"), consumed.sum() / seconds,
                latency, "one publisher channel with " + WINDOW + " unconfirmed messages in flight, one consumer"
                + " (prefetch " + WINDOW + ", " + (ackEvery == 1 ? "ack per message" : "ack with multiple=true"
                + " per " + ackEvery + " messages") + "), " + PAYLOAD.length + "-byte messages, "
                + (DurableBackend.NIO ? "NIO" : "blocking") + " sockets as the saga's broker; latency = publish to"
                + " confirm");
    }

    private static void confirm(long tag, boolean multiple, ConcurrentSkipListMap<Long, Long> outstanding,
                                Semaphore window, Recorder recorder) {
        long now = System.nanoTime();
        var confirmed = multiple ? outstanding.headMap(tag, true) : outstanding.subMap(tag, true, tag, true);
        int count = 0;
        for (Long sentAt : confirmed.values()) {
            recorder.recordValue(Math.min(now - sentAt, TimeUnit.SECONDS.toNanos(60)));
            count++;
        }
        confirmed.clear();
        window.release(count);
    }

    private static Ceiling confirmLatency(Connection connection, String queue, Duration duration) throws Exception {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Channel publisher = connection.createChannel();
        publisher.confirmSelect();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long count = 0;
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            publisher.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, PAYLOAD);
            publisher.waitForConfirmsOrDie(10_000);
            latency.recordValue(System.nanoTime() - t);
            count++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        publisher.queuePurge(queue);
        publisher.close();
        return new Ceiling("RabbitMQ persistent publish, one at a time, wait for confirm", count / seconds, latency,
                "one channel, publish then waitForConfirms per message: the latency a relay pays per unbatched"
                + " message");
    }
}
