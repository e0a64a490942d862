package io.sagaflow.jdbc.docs;

import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.jdbc.JdbcHousekeeper;
import io.sagaflow.jdbc.JdbcParticipantInbox;
import io.sagaflow.jdbc.JdbcSagaStore;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.support.OutboxRelay;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/** The example of docs/durability.md: a durable orchestrator and a participant with its own database. */
final class DurabilityExample {
    record Order(String orderId, int quantity) {
    }

    record ReserveStock(String orderId, int quantity) {
    }

    record StockReserved(String orderId) {
    }

    record ReleaseStock(String orderId) {
    }

    private DurabilityExample() {
    }

    /**
     * Places one order through a saga stored in {@code ordersDb}, with the inventory participant on
     * {@code inventoryDb}, and returns the settled saga.
     */
    static SagaInstance placeOrder(DataSource ordersDb, DataSource inventoryDb, MessageBroker broker)
            throws Exception {
        // tag::store[]
        JdbcSagaStore store = JdbcSagaStore.builder(ordersDb)
                .createSchema(true)               // or run the shipped scripts with Flyway/Liquibase
                .build();

        SagaDefinition<Order> placeOrder = SagaDefinition.builder("place-order", Order.class)
                .step("reserve-stock")
                .invokeParticipant("inventory", o -> new ReserveStock(o.orderId(), o.quantity()))
                .onReply(StockReserved.class, (o, r) -> o)
                .withCompensation("inventory", o -> new ReleaseStock(o.orderId()))
                .timeout(Duration.ofSeconds(10))  // a stored timer: it fires after a restart too
                .build();

        SagaEngine engine = SagaEngine.builder()
                .store(store)                     // sagas, timers and the outbox in ordersDb
                .broker(broker)
                .register(placeOrder)
                .build();
        // end::store[]

        // tag::inbox[]
        JdbcParticipantInbox inbox = JdbcParticipantInbox.builder(inventoryDb)
                .createSchema(true)
                .build();

        Participant inventory = Participant.builder("inventory")
                .onCommand(ReserveStock.class, inbox.handler((command, context, connection) -> {
                    // Same transaction as the inbox record and the reply: all three commit, or none.
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO reservation (order_id, quantity) VALUES (?, ?)"
                                    + " ON CONFLICT DO NOTHING")) {  // idempotent across attempts
                        insert.setString(1, command.orderId());
                        insert.setInt(2, command.quantity());
                        insert.executeUpdate();
                    }
                    return CommandOutcome.success(new StockReserved(command.orderId()));
                }))
                .onCommand(ReleaseStock.class, inbox.handler((command, context, connection) -> {
                    try (PreparedStatement delete = connection.prepareStatement(
                            "DELETE FROM reservation WHERE order_id = ?")) {
                        delete.setString(1, command.orderId());
                        delete.executeUpdate();
                    }
                    return CommandOutcome.success();
                }))
                .build();

        ParticipantRuntime participants = ParticipantRuntime.builder()
                .broker(broker)
                .inbox(inbox)                     // the runtime and the handlers share one inbox
                .participant(inventory)
                .build();
        OutboxRelay replies = new OutboxRelay("inventory", inbox.outbox(), broker, 100, Duration.ofSeconds(1));
        // end::inbox[]

        // tag::housekeeping[]
        JdbcHousekeeper housekeeper = JdbcHousekeeper.builder()
                .store(store)
                .inbox(inbox)
                .retention(Duration.ofDays(7))    // longer than any redelivery can take
                .interval(Duration.ofHours(1))
                .build();
        // end::housekeeping[]

        try (store; inbox; participants; replies; engine; housekeeper) {
            replies.start();
            participants.start();
            engine.start();
            housekeeper.start();
            SagaId id = engine.startSaga(placeOrder, new Order("order-1", 2), "order-1");
            return engine.whenSettled(id).get(30, TimeUnit.SECONDS);
        }
    }
}
