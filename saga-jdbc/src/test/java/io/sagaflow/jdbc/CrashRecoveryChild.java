package io.sagaflow.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaEngineConfig;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.spi.support.OutboxRelay;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The process {@link CrashRecoveryTest} kills: an orchestrator and both participants, each participant with its
 * own pool and schema, on an in-memory broker that dies with the process. Starts every order saga (once per
 * business key, so a restart starts only the missing ones) and runs until killed.
 *
 * <p>Arguments: saga schema, inventory schema, payment schema, number of sagas, reply timeout in milliseconds.
 */
final class CrashRecoveryChild {
    private CrashRecoveryChild() {
    }

    public static void main(String[] args) throws Exception {
        String sagaSchema = args[0];
        String inventorySchema = args[1];
        String paymentSchema = args[2];
        int sagas = Integer.parseInt(args[3]);
        Duration timeout = Duration.ofMillis(Long.parseLong(args[4]));

        InMemoryMessageBroker broker = new InMemoryMessageBroker(5, Duration.ofMillis(20), 4);
        JdbcSagaStore store = JdbcSagaStore.builder(pool("orchestrator")).schema(sagaSchema).createSchema(true)
                .build();
        JdbcParticipantInbox inventoryInbox = JdbcParticipantInbox.builder(pool("inventory"))
                .schema(inventorySchema).createSchema(true).build();
        JdbcParticipantInbox paymentInbox = JdbcParticipantInbox.builder(pool("payment"))
                .schema(paymentSchema).createSchema(true).build();
        ParticipantRuntime.builder().broker(broker).inbox(inventoryInbox)
                .participant(OrderSagas.inventory(inventoryInbox, inventorySchema)).build().start();
        ParticipantRuntime.builder().broker(broker).inbox(paymentInbox)
                .participant(OrderSagas.payment(paymentInbox, paymentSchema)).build().start();
        new OutboxRelay("inventory", inventoryInbox.outbox(), broker, 100, Duration.ofMillis(200)).start();
        new OutboxRelay("payment", paymentInbox.outbox(), broker, 100, Duration.ofMillis(200)).start();

        SagaDefinition<OrderSagas.Order> definition = OrderSagas.definition(timeout);
        SagaEngine engine = SagaEngine.builder().store(store).broker(broker).register(definition)
                .config(SagaEngineConfig.builder().timerPollInterval(Duration.ofMillis(100)).build()).build();
        engine.start();
        for (OrderSagas.Order order : OrderSagas.orders(sagas)) {
            engine.startSaga(definition, order, order.orderId());
        }
        System.out.println("every saga started; running until killed");
        new CountDownLatch(1).await();
    }

    private static HikariDataSource pool(String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(RequiresPostgres.URL);
        config.setUsername(RequiresPostgres.USER);
        config.setMaximumPoolSize(6);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }
}
