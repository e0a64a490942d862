package io.sagaflow.rabbitmq.docs;

import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.rabbitmq.RabbitMqMessageBroker;
import io.sagaflow.rabbitmq.RabbitMqSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The example of docs/rabbitmq.md, compiled and run by {@code RabbitMqExampleTest}. */
public final class RabbitMqExample {
    private RabbitMqExample() {
    }

    /** The saga data. */
    public record Order(String id, String reservation) {
    }

    /** The command. */
    public record ReserveStock(String orderId) {
    }

    /** The reply. */
    public record StockReserved(String reservationId) {
    }

    /** The compensation. */
    public record ReleaseStock(String orderId) {
    }

    /**
     * Runs one saga with the orchestrator and the participant on separate broker connections.
     *
     * @param settings where RabbitMQ is; the example overrides nothing else
     * @return the settled saga
     * @throws Exception if it does not settle within 30 seconds
     */
    public static SagaInstance run(RabbitMqSettings settings) throws Exception {
        // tag::example[]
        SagaDefinition<Order> placeOrder = SagaDefinition.builder("place-order", Order.class)
                .step("reserve-inventory")
                    .invokeParticipant("inventory", o -> new ReserveStock(o.id()))
                    .onReply(StockReserved.class, (o, r) -> new Order(o.id(), r.reservationId()))
                    .withCompensation("inventory", o -> new ReleaseStock(o.id()))
                    .timeout(Duration.ofSeconds(30))
                .build();

        Participant inventory = Participant.builder("inventory")
                .onCommand(ReserveStock.class, (cmd, ctx) ->
                        CommandOutcome.success(new StockReserved("r-" + cmd.orderId())))
                .onCommand(ReleaseStock.class, (cmd, ctx) -> CommandOutcome.success())
                .build();

        // One broker per service: each opens a publishing and a consuming connection.
        try (RabbitMqMessageBroker orchestratorBroker = new RabbitMqMessageBroker(settings);
             RabbitMqMessageBroker inventoryBroker = new RabbitMqMessageBroker(settings);
             ParticipantRuntime inventoryService = ParticipantRuntime.builder()
                     .broker(inventoryBroker).participant(inventory).build();
             SagaEngine engine = SagaEngine.builder()
                     .broker(orchestratorBroker)
                     .store(new InMemorySagaStore()) // use the JDBC store in production
                     .register(placeOrder)
                     .build()) {
            inventoryService.start();
            engine.start();
            SagaId id = engine.startSaga(placeOrder, new Order("o-1", null));
            return engine.whenSettled(id).get(30, TimeUnit.SECONDS);
        }
        // end::example[]
    }
}
