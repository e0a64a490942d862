package io.sagaflow.axon.docs;

import io.sagaflow.CommandOutcome;
import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaInstance;
import io.sagaflow.axon.AxonSagaStarter;
import io.sagaflow.axon.CommandRejectedException;
import io.sagaflow.axon.SagaCompletedEvent;
import io.sagaflow.axon.SagaStart;
import io.sagaflow.axon.SagaflowAxonConfigurer;
import io.sagaflow.axon.SagaflowMetadata;
import io.sagaflow.spi.SagaQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.configuration.AxonConfiguration;
import org.axonframework.messaging.commandhandling.annotation.CommandHandler;
import org.axonframework.messaging.commandhandling.configuration.CommandHandlingModule;
import org.axonframework.messaging.core.MessageType;
import org.axonframework.messaging.core.Metadata;
import org.axonframework.messaging.core.configuration.MessagingConfigurer;
import org.axonframework.messaging.eventhandling.EventSink;
import org.axonframework.messaging.eventhandling.GenericEventMessage;
import org.axonframework.messaging.eventhandling.annotation.EventHandler;
import org.jspecify.annotations.Nullable;

/** The order-placement process of {@code docs/axon.md}, as a Sagaflow saga on Axon 5. */
final class PlaceOrderOnAxon {
    private PlaceOrderOnAxon() {
    }

    // tag::messages[]
    record OrderPlaced(String orderId, String sku, long amountCents) { }          // an Axon event
    record ReserveStock(String orderId, String sku) { }                          // Axon commands
    record StockReserved(String reservationId) { }
    record ReleaseStock(String orderId) { }
    record ChargePayment(String orderId, long amountCents) { }
    record PaymentCharged(String paymentId) { }
    record OrderConfirmed(String orderId, String paymentId) { }                  // a Sagaflow notification

    record Order(String orderId, String sku, long amountCents, @Nullable String reservationId,
                 @Nullable String paymentId) { }
    // end::messages[]

    // tag::handlers[]
    /** Plain Axon 5 command handlers: they know nothing of sagas. */
    static final class Inventory {
        final Map<String, String> reservations = new ConcurrentHashMap<>();

        @CommandHandler
        StockReserved handle(ReserveStock command, Metadata metadata) {
            if (command.sku().startsWith("sold-out")) {
                throw new CommandRejectedException("out of stock: " + command.sku());   // business "no"
            }
            // The idempotency key is the same for every retry of this saga step.
            String key = metadata.get(SagaflowMetadata.IDEMPOTENCY_KEY);
            return new StockReserved(reservations.computeIfAbsent(command.orderId(), id -> "res-" + key));
        }

        @CommandHandler
        void handle(ReleaseStock command) {
            reservations.remove(command.orderId());
        }
    }

    static final class Payment {
        @CommandHandler
        CommandOutcome handle(ChargePayment command) {
            return command.amountCents() > 100_000
                    ? CommandOutcome.failure("card declined: " + command.amountCents() + " cents over the limit")
                    : CommandOutcome.success(new PaymentCharged("pay-" + command.orderId()));
        }
    }

    /** An Axon projection following sagas. */
    static final class OrderDashboard {
        final List<String> completed = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(SagaCompletedEvent event) {
            completed.add(event.sagaId());
        }
    }
    // end::handlers[]

    // tag::saga[]
    static final SagaDefinition<Order> PLACE_ORDER = SagaDefinition.builder("place-order", Order.class)
            .defaultTimeout(Duration.ofSeconds(30))          // Axon commands are not durable: always time out
            .step("reserve-inventory")
                .invokeParticipant("inventory", o -> new ReserveStock(o.orderId(), o.sku()))
                .onReply(StockReserved.class, (o, r) -> new Order(o.orderId(), o.sku(), o.amountCents(),
                        r.reservationId(), null))
                .withCompensation("inventory", o -> new ReleaseStock(o.orderId()))
            .step("charge-payment")
                .invokeParticipant("payment", o -> new ChargePayment(o.orderId(), o.amountCents()))
                .onReply(PaymentCharged.class, (o, r) -> new Order(o.orderId(), o.sku(), o.amountCents(),
                        o.reservationId(), r.paymentId()))
                .pivot()
                .retry(RetryPolicy.attempts(3))
            .step("confirm-order")
                .publish("order-events", o -> new OrderConfirmed(o.orderId(), String.valueOf(o.paymentId())))
                .retriable()
            .build();
    // end::saga[]

    /** Runs the application, places one order through an Axon event, and returns the settled saga. */
    static SagaInstance placeOrder(String orderId, String sku, long amountCents, OrderDashboard dashboard)
            throws Exception {
        // tag::configuration[]
        AxonConfiguration axon = SagaflowAxonConfigurer.create()
                .axonParticipants("inventory", "payment")               // their commands go over Axon
                .commandTypes(ReserveStock.class, ReleaseStock.class, ChargePayment.class)
                .saga(PLACE_ORDER)
                .startSaga(AxonSagaStarter.on(OrderPlaced.class, PLACE_ORDER,
                        e -> new SagaStart<>(new Order(e.orderId(), e.sku(), e.amountCents(), null, null),
                                e.orderId())))                          // business key: one saga per order
                .applyTo(MessagingConfigurer.create()
                        .registerCommandHandlingModule(CommandHandlingModule.named("orders").commandHandlers()
                                .annotatedCommandHandlingComponent(c -> new Inventory())
                                .annotatedCommandHandlingComponent(c -> new Payment()))
                        .eventProcessing(processing -> processing.subscribing(subscribing ->
                                subscribing.defaultProcessor("dashboard", c -> c.autodetected(cfg -> dashboard)))))
                .start();
        // end::configuration[]
        try {
            // tag::start[]
            OrderPlaced placed = new OrderPlaced(orderId, sku, amountCents);
            axon.getComponent(EventSink.class)
                    .publish(null, new GenericEventMessage(new MessageType(OrderPlaced.class), placed))
                    .get(5, TimeUnit.SECONDS);

            SagaEngine engine = axon.getComponent(SagaEngine.class);
            SagaInstance saga = engine.query(new SagaQuery("place-order", null, orderId, null, null, 0, 1))
                    .getFirst();
            return engine.whenSettled(saga.id()).get(10, TimeUnit.SECONDS);
            // end::start[]
        } finally {
            axon.shutdown();
        }
    }
}
