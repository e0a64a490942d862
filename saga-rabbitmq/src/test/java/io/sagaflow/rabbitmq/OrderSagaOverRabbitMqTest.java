package io.sagaflow.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.MessageBroker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The order-placement saga end to end: orchestrator and participants on separate RabbitMQ connections. */
@RequiresRabbitMq
class OrderSagaOverRabbitMqTest {
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
    void completesOrCompensatesEveryOrderOnClassicQueues() throws Exception {
        runOrders(rabbit.settings().build(), 60);
    }

    @Test
    void completesOrCompensatesEveryOrderOnQuorumQueues() throws Exception {
        runOrders(rabbit.settings().quorumQueues(true).build(), 30);
    }

    private void runOrders(RabbitMqSettings settings, int orders) throws Exception {
        OrderSaga saga = new OrderSaga();
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
            for (int i = 1; i <= orders; i++) {
                OrderSaga.Order order = new OrderSaga.Order("o-" + i, 100 + i, "", "");
                started.put(engine.startSaga(OrderSaga.DEFINITION, order), order);
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> started.keySet().stream()
                    .allMatch(id -> engine.find(id).map(s -> s.status().isSettled()).orElse(false)));

            Set<String> declined = started.values().stream().filter(o -> OrderSaga.declined(o.amount()))
                    .map(OrderSaga.Order::id).collect(Collectors.toSet());
            assertThat(declined).isNotEmpty();
            for (Map.Entry<SagaId, OrderSaga.Order> entry : started.entrySet()) {
                SagaInstance instance = engine.find(entry.getKey()).orElseThrow();
                String id = entry.getValue().id();
                if (declined.contains(id)) {
                    assertThat(instance.status()).as(id).isEqualTo(SagaStatus.COMPENSATED);
                    assertThat(instance.compensatedSteps()).as(id).containsExactly("reserve-inventory");
                } else {
                    assertThat(instance.status()).as(id).isEqualTo(SagaStatus.COMPLETED);
                    assertThat(instance.data(OrderSaga.Order.class).payment()).isEqualTo("p-" + id);
                }
            }
            assertThat(saga.released).isEqualTo(declined);
            assertThat(saga.charged).doesNotContainAnyElementsOf(declined)
                    .hasSize(orders - declined.size());
            await().atMost(Duration.ofSeconds(20)).until(() -> saga.confirmed.equals(saga.charged));
            assertThat(rabbit.messageCount(Topology.deadLetterQueue(rabbit.queue(Destination.commands("inventory"),
                    MessageBroker.DEFAULT_GROUP)))).isZero();
        }
    }
}
