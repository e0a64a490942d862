package io.sagaflow.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sagaflow.BrokerException;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.spi.Destination;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops and starts the RabbitMQ application in the middle of a run of order sagas, on classic and on quorum queues.
 * Durable queues and persistent messages survive; the brokers reconnect, redeclare and resume; sagas started during
 * the outage wait in the outbox. Every saga must still end COMPLETED or COMPENSATED as its payment decides.
 */
@RequiresRabbitMq
class BrokerRestartTest {
    private static final Logger log = LoggerFactory.getLogger(BrokerRestartTest.class);
    private RabbitFixture rabbit;

    @BeforeEach
    void setUp() throws Exception {
        RabbitCtl.assumeAvailable();
        rabbit = new RabbitFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (rabbit == null) {
            return;
        }
        try {
            RabbitCtl.run("start_app");
        } finally {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                rabbit.messageCount(Topology.deadLetterQueue(rabbit.queue(Destination.commands("payment"),
                        "default")));
                return true;
            });
            rabbit.close();
        }
    }

    @ParameterizedTest(name = "quorum queues: {0}")
    @ValueSource(booleans = {false, true})
    void everySagaEndsCorrectlyAcrossABrokerRestart(boolean quorum) throws Exception {
        OrderSaga saga = new OrderSaga();
        RabbitMqSettings settings = rabbit.settings().quorumQueues(quorum).build();
        RabbitMqMessageBroker orchestratorBroker = rabbit.broker(settings);
        RabbitMqMessageBroker participantBroker = rabbit.broker(settings);
        rabbit.queue(Destination.events("order-events"), "notifications");
        try (SagaEngine engine = SagaEngine.builder().broker(orchestratorBroker).store(new InMemorySagaStore())
                     .register(OrderSaga.DEFINITION).build();
             ParticipantRuntime participants = ParticipantRuntime.builder().broker(participantBroker)
                     .participant(saga.inventory()).participant(saga.payment()).participant(saga.notifications())
                     .build()) {
            participants.start();
            engine.start();
            Map<SagaId, OrderSaga.Order> started = new LinkedHashMap<>();
            startOrders(engine, started, 1, 40);
            await().atMost(Duration.ofSeconds(30)).until(() -> settled(engine, started) >= 5);

            // Payments of the next orders run while the broker is down: their replies and acks cannot get out.
            saga.paymentGate = new CountDownLatch(1);
            startOrders(engine, started, 41, 80);
            await().atMost(Duration.ofSeconds(30)).until(() -> saga.paymentsWaiting.get() >= 2);
            long stopping = System.nanoTime();
            RabbitCtl.run("stop_app");
            log.info("quorum queues {}: stop_app took {} ms; {} of {} sagas had settled", quorum, millis(stopping),
                    settled(engine, started), started.size());
            saga.paymentGate.countDown();
            startOrders(engine, started, 81, 100);
            long failing = System.nanoTime();
            assertThatThrownBy(() -> orchestratorBroker.publish(List.of(Messages.command("payment", "outage"))))
                    .isInstanceOf(BrokerException.class);
            log.info("a publish during the outage failed after {} ms", millis(failing));

            long starting = System.nanoTime();
            RabbitCtl.run("start_app");
            long started_app = System.nanoTime();
            log.info("start_app took {} ms", (started_app - starting) / 1_000_000);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> {
                        orchestratorBroker.publish(List.of(Messages.event("probe", "up")));
                        return true;
                    });
            log.info("publishing works again {} ms after start_app returned", millis(started_app));

            await().atMost(Duration.ofSeconds(90)).until(() -> settled(engine, started) == started.size());
            log.info("all {} sagas settled {} ms after start_app returned", started.size(), millis(started_app));

            started.forEach((id, order) -> assertThat(engine.find(id).orElseThrow().status()).as(order.id())
                    .isEqualTo(OrderSaga.declined(order.amount()) ? SagaStatus.COMPENSATED : SagaStatus.COMPLETED));
            assertThat(saga.released).allMatch(id -> OrderSaga.declined(Long.parseLong(id.substring(2)) + 100));
            assertThat(saga.charged).hasSize((int) started.values().stream()
                    .filter(o -> !OrderSaga.declined(o.amount())).count());
            await().atMost(Duration.ofSeconds(30)).until(() -> saga.confirmed.equals(saga.charged));
        }
    }

    private static void startOrders(SagaEngine engine, Map<SagaId, OrderSaga.Order> started, int from, int to) {
        for (int i = from; i <= to; i++) {
            OrderSaga.Order order = new OrderSaga.Order("o-" + i, 100 + i, "", "");
            started.put(engine.startSaga(OrderSaga.DEFINITION, order), order);
        }
    }

    private static long settled(SagaEngine engine, Map<SagaId, OrderSaga.Order> started) {
        return started.keySet().stream()
                .filter(id -> engine.find(id).map(s -> s.status().isSettled()).orElse(false)).count();
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
