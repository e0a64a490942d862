package io.sagaflow.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.sagaflow.BrokerException;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.MessageBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many callers publishing on one shared confirm channel: each gets its own messages' outcome, in its order. */
@RequiresRabbitMq
class SharedConfirmChannelTest {
    private static final int CALLERS = 8;
    private static final int MESSAGES = 60;

    private RabbitFixture rabbit;
    private RabbitMqMessageBroker broker;
    private Publisher publisher;
    private ExecutorService callers;

    @BeforeEach
    void setUp() throws Exception {
        rabbit = new RabbitFixture();
        broker = rabbit.broker(rabbit.settings().publishAttempts(2).confirmTimeout(Duration.ofSeconds(5)).build());
        publisher = new Publisher(broker.publishConnection(), broker.settings(), 1);
        callers = Executors.newFixedThreadPool(CALLERS + 1);
    }

    @AfterEach
    void tearDown() throws Exception {
        callers.shutdownNow();
        publisher.close();
        rabbit.close();
    }

    @Test
    void concurrentCallersOnOneChannelAllGetConfirmedInTheirOwnOrder() throws Exception {
        Destination destination = Destination.commands("shared");
        String queue = declare(destination);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> results = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            int caller = c;
            results.add(callers.submit(() -> {
                start.await();
                for (int i = 0; i < MESSAGES; i += 3) {
                    publisher.publish(List.of(message(destination, caller, i), message(destination, caller, i + 1),
                            message(destination, caller, i + 2)), () -> { });
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> result : results) {
            result.get(60, TimeUnit.SECONDS);
        }

        assertThat(rabbit.messageCount(queue)).isEqualTo((long) CALLERS * MESSAGES);
        Map<Integer, List<Integer>> received = new HashMap<>();
        try (Channel channel = rabbit.channel()) {
            GetResponse response;
            while ((response = channel.basicGet(queue, true)) != null) {
                String[] body = new String(response.getBody(), StandardCharsets.UTF_8).split(":");
                received.computeIfAbsent(Integer.parseInt(body[0]), k -> new ArrayList<>())
                        .add(Integer.parseInt(body[1]));
            }
        }
        assertThat(received).hasSize(CALLERS);
        received.values().forEach(sequence -> assertThat(sequence).isSorted().hasSize(MESSAGES));
    }

    @Test
    void aNackFailsOnlyTheNackedCallersMessages() throws Exception {
        RabbitCtl.assumeAvailable();
        Destination full = Destination.commands("full");
        Destination fine = Destination.commands("fine");
        String fullQueue = declare(full);
        String fineQueue = declare(fine);
        String policy = rabbit.prefix + "-shared-full";
        RabbitCtl.run("set_policy", "--apply-to", "queues", policy, "^" + fullQueue.replace(".", "\\.") + "$",
                "{\"max-length\":0,\"overflow\":\"reject-publish\"}");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> rabbit.nacksPublishesTo(fullQueue));
            CountDownLatch start = new CountDownLatch(1);
            Future<?> nacked = callers.submit(() -> {
                start.await();
                publisher.publish(List.of(message(full, 99, 0)), () -> { });
                return null;
            });
            List<Future<?>> others = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                int caller = c;
                others.add(callers.submit(() -> {
                    start.await();
                    // Until the nacked caller has given up, so their confirms interleave with its nacks.
                    for (int i = 0; i < MESSAGES && !nacked.isDone(); i++) {
                        publisher.publish(List.of(message(fine, caller, i)), () -> { });
                    }
                    return null;
                }));
            }
            start.countDown();

            assertThatThrownBy(() -> nacked.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(BrokerException.class)
                    .hasMessageContaining("1 of 1 messages not confirmed").hasMessageContaining("nacked");
            for (Future<?> other : others) {
                other.get(60, TimeUnit.SECONDS);
            }
            assertThat(rabbit.messageCount(fineQueue)).isPositive();
            assertThat(rabbit.messageCount(fullQueue)).isZero();
        } finally {
            RabbitCtl.run("clear_policy", policy);
        }
    }

    private String declare(Destination destination) {
        broker.topology().declareForPublish(broker.publishConnection(), destination);
        return rabbit.queue(destination, MessageBroker.DEFAULT_GROUP);
    }

    private Publisher.Outgoing message(Destination destination, int caller, int index) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().deliveryMode(2).build();
        return new Publisher.Outgoing(broker.topology().exchange(destination.kind()), destination.name(),
                properties, (caller + ":" + index).getBytes(StandardCharsets.UTF_8), false,
                "message " + index + " of caller " + caller);
    }
}
