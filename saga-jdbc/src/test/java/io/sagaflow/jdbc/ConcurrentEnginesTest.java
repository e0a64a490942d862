package io.sagaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.Direction;
import io.sagaflow.HistoryEntry;
import io.sagaflow.HistoryEvent;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaEngineConfig;
import io.sagaflow.SagaEvent;
import io.sagaflow.SagaStatus;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.support.OutboxRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two orchestrators on one PostgreSQL database, competing for replies that the broker delivers twice, and two
 * instances of each participant: every saga ends as its input says, each step's reply moves it once, and each
 * command is handled once.
 */
@ExtendWith(RequiresPostgres.class)
class ConcurrentEnginesTest {
    private static final int SAGAS = 300;
    private static TestDatabase orchestrators;
    private static TestDatabase services;

    @BeforeAll
    static void openDatabases() {
        orchestrators = TestDatabase.postgres(16);
        services = TestDatabase.postgres(16);
    }

    @AfterAll
    static void closeDatabases() {
        orchestrators.close();
        services.close();
    }

    @Test
    void twoEnginesOnOneDatabaseSettleEverySagaOnceUnderDuplicateDelivery() throws Exception {
        String sagaSchema = orchestrators.newSchema();
        String inventorySchema = services.newSchema();
        String paymentSchema = services.newSchema();
        OrderSagas.createInventory(services.dataSource, inventorySchema);
        OrderSagas.createPayment(services.dataSource, paymentSchema);
        SagaDefinition<OrderSagas.Order> definition = OrderSagas.definition(Duration.ofSeconds(30));
        List<AutoCloseable> resources = new ArrayList<>();
        AtomicInteger[] stepsByEngine = {new AtomicInteger(), new AtomicInteger()};
        try (MessageBroker broker = new DuplicatingBroker(new InMemoryMessageBroker(5, Duration.ofMillis(20), 4))) {
            List<SagaEngine> engines = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                JdbcSagaStore store = orchestrators.store(sagaSchema);
                AtomicInteger steps = stepsByEngine[i];
                SagaEngine engine = SagaEngine.builder().store(store).broker(broker).register(definition)
                        .config(SagaEngineConfig.builder().timerPollInterval(Duration.ofMillis(100)).build())
                        .listener(event -> {
                            if (event instanceof SagaEvent.StepSucceeded) {
                                steps.incrementAndGet();
                            }
                        })
                        .build();
                engines.add(engine);
                resources.add(store);
                resources.add(engine);
            }
            for (int i = 0; i < 2; i++) {
                JdbcParticipantInbox inventoryInbox = services.inbox(inventorySchema);
                JdbcParticipantInbox paymentInbox = services.inbox(paymentSchema);
                ParticipantRuntime runtime = ParticipantRuntime.builder().broker(broker).inbox(inventoryInbox)
                        .participant(OrderSagas.inventory(inventoryInbox, inventorySchema)).build();
                ParticipantRuntime payments = ParticipantRuntime.builder().broker(broker).inbox(paymentInbox)
                        .participant(OrderSagas.payment(paymentInbox, paymentSchema)).build();
                OutboxRelay inventoryRelay = new OutboxRelay("inventory-" + i, inventoryInbox.outbox(), broker, 100,
                        Duration.ofMillis(200));
                OutboxRelay paymentRelay = new OutboxRelay("payment-" + i, paymentInbox.outbox(), broker, 100,
                        Duration.ofMillis(200));
                resources.addAll(List.of(inventoryInbox, paymentInbox, runtime, payments, inventoryRelay,
                        paymentRelay));
                runtime.start();
                payments.start();
                inventoryRelay.start();
                paymentRelay.start();
            }
            engines.forEach(SagaEngine::start);
            List<OrderSagas.Order> orders = OrderSagas.orders(SAGAS);

            ExecutorService starters = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> started = new ArrayList<>();
                for (int i = 0; i < SAGAS; i++) {
                    SagaEngine engine = engines.get(i % 2);
                    OrderSagas.Order order = orders.get(i);
                    started.add(starters.submit(() -> engine.startSaga(definition, order, order.orderId())));
                }
                for (Future<?> future : started) {
                    future.get();
                }
            } finally {
                starters.shutdown();
            }

            JdbcSagaStore store = (JdbcSagaStore) resources.get(0);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
                Map<SagaStatus, Long> counts = store.countByStatus();
                return counts.get(SagaStatus.COMPLETED) + counts.get(SagaStatus.COMPENSATED) == SAGAS;
            });

            OrderSagas.verify(store, orders, services.dataSource, inventorySchema, services.dataSource,
                    paymentSchema);
            for (OrderSagas.Order order : orders) {
                SagaRecord saga = store.findByBusinessKey("place-order", order.orderId()).orElseThrow();
                assertThat(count(saga, "reserve-stock", Direction.FORWARD, HistoryEvent.SUCCEEDED)).isEqualTo(1);
                if (order.expected() == SagaStatus.COMPLETED) {
                    assertThat(count(saga, "charge-payment", Direction.FORWARD, HistoryEvent.SUCCEEDED)).isEqualTo(1);
                } else {
                    assertThat(count(saga, "charge-payment", Direction.FORWARD, HistoryEvent.REJECTED)).isEqualTo(1);
                    assertThat(count(saga, "reserve-stock", Direction.COMPENSATION, HistoryEvent.SUCCEEDED))
                            .isEqualTo(1);
                }
                assertThat(count(saga, null, Direction.FORWARD, HistoryEvent.COMMAND_SENT)).isEqualTo(
                        order.expected() == SagaStatus.COMPLETED ? 2 : 3);
            }
            assertThat(stepsByEngine[0].get()).as("steps moved by engine 1").isPositive();
            assertThat(stepsByEngine[1].get()).as("steps moved by engine 2").isPositive();
            assertThat(stepsByEngine[0].get() + stepsByEngine[1].get()).isEqualTo(SAGAS * 2);
        } finally {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).close();
            }
        }
    }

    /** @return how many history entries of the step (any step for null), direction and event the saga has */
    private static long count(SagaRecord saga, String step, Direction direction, HistoryEvent event) {
        return saga.history().stream()
                .filter(e -> step == null || step.equals(e.step()))
                .filter(e -> event == HistoryEvent.COMMAND_SENT || e.direction() == direction)
                .map(HistoryEntry::event).filter(event::equals).count();
    }
}
