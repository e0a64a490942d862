package io.sagaflow.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A consumer process dies while its handler runs: the message is neither lost nor counted wrongly. */
@RequiresRabbitMq
class ConsumerCrashTest {
    private RabbitFixture rabbit;

    @BeforeEach
    void setUp() throws Exception {
        rabbit = new RabbitFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        rabbit.close();
    }

    @Test
    void givesAMessageToAnotherInstanceWhenItsConsumerDiesAndCountsTheLostDelivery() throws Exception {
        RabbitMqSettings settings = rabbit.settings().quorumQueues(true).deliveryLimit(3).build();
        RabbitMqMessageBroker dying = rabbit.broker(settings);
        RabbitMqMessageBroker survivor = rabbit.broker(settings);
        Destination destination = Destination.commands("crashy");
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        dying.subscribe(destination, MessageBroker.DEFAULT_GROUP, m -> {
            handling.countDown();
            release.await(30, TimeUnit.SECONDS);
        });
        Envelope command = Messages.command("crashy", "survives a crash");
        survivor.publish(List.of(command));
        assertThat(handling.await(10, TimeUnit.SECONDS)).isTrue();

        dying.consumeConnection().abort(); // the process dies before the handler returns: no ack
        List<Envelope> received = new CopyOnWriteArrayList<>();
        survivor.subscribe(destination, MessageBroker.DEFAULT_GROUP, m -> {
            received.add(m);
            throw new IllegalStateException("survivor fails too");
        });

        GetResponse dead = await().atMost(Duration.ofSeconds(15)).until(
                () -> rabbit.get(Topology.deadLetterQueue(rabbit.queue(destination, MessageBroker.DEFAULT_GROUP))),
                response -> response != null);
        release.countDown();
        // Whether the quorum queue counts the aborted delivery, and so whether the survivor sees one, two or all
        // three counted deliveries, depends on when the broker notices the dead connection. What must hold: the
        // message reached the survivor intact, and after three counted deliveries it is dead-lettered with its reason.
        assertThat(received).isNotEmpty().hasSizeLessThanOrEqualTo(3)
                .allSatisfy(m -> assertThat(m).isEqualTo(command));
        assertThat(dead.getProps().getHeaders().get(QueueConsumer.DELIVERY_COUNT)).isEqualTo(3);
        assertThat(dead.getProps().getHeaders().get(QueueConsumer.DEAD_LETTER_REASON).toString())
                .isEqualTo("handler failed 3 times, last: java.lang.IllegalStateException: survivor fails too");
    }
}
