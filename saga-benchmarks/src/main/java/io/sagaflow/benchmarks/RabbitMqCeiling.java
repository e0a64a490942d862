package io.sagaflow.benchmarks;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import io.sagaflow.rabbitmq.RabbitMqSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * RabbitMQ's ceiling for the durable saga's traffic: persistent messages on a durable queue, published with publisher
 * confirms (a window of unconfirmed messages, as a relay would) and consumed with manual acknowledgements, at the
 * same time; once with bare messages on one channel each way, once acknowledging in batches, once in the saga's own
 * shape (its properties and headers, its adapter's channels and consumers); then the latency of one confirmed publish
 * at a time. Each run also reads how busy the machine was, so that a message's CPU cost at the ceiling is known. Uses
 * uniquely named queues and exchanges, deleted afterwards.
 */
final class RabbitMqCeiling {
    static final String HOST = "127.0.0.1";
    static final int PORT = 5672;
    /** The name of the run in the saga's message shape; the report's bounds read it. */
    static final String SAGA_SHAPE = "RabbitMQ persistent publish (confirmed) + manual-ack consume, the saga's shape";
    private static final byte[] PAYLOAD = new byte[300];
    private static final int WINDOW = 256;
    private static final int ACK_BATCH = 16;
    /** The durable saga's subscriptions: inventory's and payment's commands, the orchestrator's replies. */
    private static final int SAGA_SUBSCRIPTIONS = 3;

    /**
     * How a run publishes and consumes.
     *
     * @param consumers consumer channels on the queue
     * @param prefetch unacknowledged deliveries per consumer channel
     * @param publishers publishing threads, each with a confirm channel of its own, sharing {@link #WINDOW}
     * @param ackEvery 1 to acknowledge each delivery; more to acknowledge every {@code ackEvery}-th with
     *     {@code multiple=true}, covering those before it
     * @param sagaShaped the saga's message shape: through a direct exchange with the mandatory flag, with the
     *     properties and headers that the RabbitMQ adapter gives a command; otherwise bare persistent messages to the
     *     default exchange
     */
    private record Shape(int consumers, int prefetch, int publishers, int ackEvery, boolean sagaShaped) {
    }

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
        String exchange = queue + ".commands";
        try (Connection connection = factory.newConnection("sagaflow-benchmarks")) {
            Channel admin = connection.createChannel();
            admin.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, false);
            // Declared as the adapter declares a command queue: durable, with a dead-letter exchange.
            admin.queueDeclare(queue, true, false, false, Map.of("x-dead-letter-exchange", exchange + ".dlx",
                    "x-dead-letter-routing-key", queue));
            admin.queueBind(queue, exchange, queue);
            try {
                Ceiling streaming = publishAndConsume(connection, exchange, queue, duration,
                        new Shape(1, WINDOW, 1, 1, false));
                // Whether acknowledging many deliveries at once (multiple=true) would lift the ceiling.
                Ceiling batchedAcks = publishAndConsume(connection, exchange, queue, duration,
                        new Shape(1, WINDOW, 1, ACK_BATCH, false));
                Ceiling sagaShaped = publishAndConsume(connection, exchange, queue, duration,
                        new Shape(SAGA_SUBSCRIPTIONS * DurableBackend.CONSUMERS, RabbitMqSettings.DEFAULT_PREFETCH,
                                4, 1, true));
                Ceiling oneByOne = confirmLatency(connection, queue, duration.dividedBy(2));
                return List.of(streaming, batchedAcks, sagaShaped, oneByOne);
            } finally {
                admin.queueDelete(queue);
                admin.exchangeDelete(exchange);
                admin.close();
            }
        }
    }

    private static Ceiling publishAndConsume(Connection connection, String exchange, String queue, Duration duration,
                                             Shape shape) throws Exception {
        LongAdder consumed = new LongAdder();
        Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
        List<Channel> consumers = new ArrayList<>();
        for (int i = 0; i < shape.consumers(); i++) {
            Channel consumer = connection.createChannel();
            consumer.basicQos(shape.prefetch());
            consumer.basicConsume(queue, false, new DefaultConsumer(consumer) {
                private long received;

                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                           byte[] body) throws IOException {
                    consumed.increment();
                    // A channel's deliveries come one at a time, in order, so its own count needs no lock.
                    if (++received % shape.ackEvery() == 0) {
                        getChannel().basicAck(envelope.getDeliveryTag(), shape.ackEvery() > 1);
                    }
                }
            });
            consumers.add(consumer);
        }
        Semaphore window = new Semaphore(WINDOW);
        AtomicBoolean stop = new AtomicBoolean();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        List<Channel> publishers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < shape.publishers(); i++) {
            Channel publisher = connection.createChannel();
            publisher.confirmSelect();
            ConcurrentSkipListMap<Long, Long> outstanding = new ConcurrentSkipListMap<>();
            publisher.addConfirmListener((tag, multiple) -> confirm(tag, multiple, outstanding, window, recorder),
                    (tag, multiple) -> confirm(tag, multiple, outstanding, window, recorder));
            publishers.add(publisher);
            AMQP.BasicProperties properties = shape.sagaShaped() ? sagaProperties() : MessageProperties.PERSISTENT_BASIC;
            threads.add(Thread.ofPlatform().name("ceiling-publisher-" + i).start(() -> {
                try {
                    while (!stop.get()) {
                        if (!window.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                        outstanding.put(publisher.getNextPublishSeqNo(), System.nanoTime());
                        if (shape.sagaShaped()) {
                            publisher.basicPublish(exchange, queue, true, properties, PAYLOAD);
                        } else {
                            publisher.basicPublish("", queue, properties, PAYLOAD);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    failures.add(e);
                }
            }));
        }
        MachineCpu before = MachineCpu.now();
        long start = System.nanoTime();
        Thread.sleep(duration.toMillis());
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
        long published = 0;
        for (Channel publisher : publishers) {
            publisher.waitForConfirmsOrDie(30_000);
            published += publisher.getNextPublishSeqNo() - 1;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consumed.sum() < published && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double busy = MachineCpu.busy(before, MachineCpu.now());
        for (Channel channel : publishers) {
            channel.close();
        }
        for (Channel channel : consumers) {
            channel.close();
        }
        Histogram latency = recorder.getIntervalHistogram();
        String name = shape.sagaShaped() ? SAGA_SHAPE : "RabbitMQ persistent publish (confirmed) + manual-ack consume"
                + (shape.ackEvery() == 1 ? "" : ", one ack per " + shape.ackEvery() + " deliveries");
        String how = shape.sagaShaped()
                ? shape.publishers() + " publishing threads with a confirm channel each (as the adapter's 4 shared"
                        + " confirm channels), " + WINDOW + " unconfirmed messages in flight in all, "
                        + shape.consumers() + " consumers (the saga's " + SAGA_SUBSCRIPTIONS + " subscriptions of "
                        + DurableBackend.CONSUMERS + "), prefetch " + shape.prefetch() + ", ack per message; a "
                        + PAYLOAD.length + "-byte body through a direct exchange, mandatory, with a command's AMQP"
                        + " properties and its " + sagaProperties().getHeaders().size() + " headers"
                : "one publisher channel with " + WINDOW + " unconfirmed messages in flight, one consumer (prefetch "
                        + shape.prefetch() + ", " + (shape.ackEvery() == 1 ? "ack per message" : "ack with"
                        + " multiple=true per " + shape.ackEvery() + " messages") + "), " + PAYLOAD.length
                        + "-byte messages";
        return new Ceiling(name, consumed.sum() / seconds, latency, how + ", " + (DurableBackend.NIO ? "NIO"
                : "blocking") + " sockets as the saga's broker; latency = publish to confirm", busy);
    }

    /**
     * @return the AMQP properties the RabbitMQ adapter gives a saga's command: message, correlation and type ids, the
     *     content type, a timestamp, reply-to, persistence, and its headers (kind, destination, creation time, saga id,
     *     type and step, the attempt, and the publish sequence number its confirm channel adds)
     */
    private static AMQP.BasicProperties sagaProperties() {
        Map<String, Object> headers = new HashMap<>();
        headers.put("x-sagaflow-kind", "COMMAND");
        headers.put("x-sagaflow-destination", "commands:payment");
        headers.put("x-sagaflow-created-at", "2026-12-07T19:00:00.123456789Z");
        headers.put("x-sagaflow-saga-id", UUID.randomUUID().toString());
        headers.put("x-sagaflow-saga-type", "order-placement");
        headers.put("x-sagaflow-step", "charge-payment");
        headers.put("sagaflow-attempt", "1");
        headers.put("x-sagaflow-publish-seq", 123_456L);
        return new AMQP.BasicProperties.Builder().messageId(UUID.randomUUID().toString())
                .correlationId(UUID.randomUUID().toString()).type("io.sagaflow.benchmarks.ChargePayment")
                .contentType("application/json").timestamp(new Date()).replyTo("replies:order-placement")
                .deliveryMode(2).headers(headers).build();
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
                + " message", Double.NaN);
    }
}
