package io.sagaflow.axon;

import io.sagaflow.CommandOutcome;
import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.messaging.commandhandling.annotation.CommandHandler;
import org.axonframework.messaging.core.Metadata;
import org.axonframework.messaging.eventhandling.annotation.EventHandler;
import org.jspecify.annotations.Nullable;

/** The order-placement saga of the tests, and its participants as Axon command handlers. */
final class OrderDomain {
    static final String SAGA = "place-order";

    private OrderDomain() {
    }

    record Order(String orderId, String sku, int quantity, long amountCents, @Nullable String reservationId,
                 @Nullable String paymentId) {
        Order withReservation(String id) {
            return new Order(orderId, sku, quantity, amountCents, id, paymentId);
        }

        Order withPayment(String id) {
            return new Order(orderId, sku, quantity, amountCents, reservationId, id);
        }
    }

    record ReserveStock(String orderId, String sku, int quantity) {
    }

    record StockReserved(String reservationId) {
    }

    record ReleaseStock(String orderId) {
    }

    record ChargePayment(String orderId, long amountCents) {
    }

    record PaymentCharged(String paymentId) {
    }

    record OrderConfirmed(String orderId, String paymentId) {
    }

    /** The Axon event that starts the saga. */
    record OrderPlaced(String orderId, String sku, int quantity, long amountCents) {
    }

    static Order order(String orderId, String sku, int quantity) {
        return new Order(orderId, sku, quantity, 4_200, null, null);
    }

    static SagaDefinition<Order> placeOrder(RetryPolicy paymentRetry) {
        return placeOrder(paymentRetry, Duration.ofSeconds(5));
    }

    static SagaDefinition<Order> placeOrder(RetryPolicy paymentRetry, Duration replyTimeout) {
        return SagaDefinition.builder(SAGA, Order.class)
                .defaultTimeout(replyTimeout)
                .step("reserve-inventory")
                    .invokeParticipant("inventory", o -> new ReserveStock(o.orderId(), o.sku(), o.quantity()))
                    .onReply(StockReserved.class, (o, r) -> o.withReservation(r.reservationId()))
                    .withCompensation("inventory", o -> new ReleaseStock(o.orderId()))
                .step("charge-payment")
                    .invokeParticipant("payment", o -> new ChargePayment(o.orderId(), o.amountCents()))
                    .onReply(PaymentCharged.class, (o, r) -> o.withPayment(r.paymentId()))
                    .pivot()
                    .retry(paymentRetry)
                .step("confirm-order")
                    .publish("order-events", o -> new OrderConfirmed(o.orderId(), String.valueOf(o.paymentId())))
                    .retriable()
                .build();
    }

    /** Inventory, an Axon command handler; reserves once per saga step (the idempotency key). */
    static final class Inventory {
        final Map<String, Integer> stock = new ConcurrentHashMap<>();
        final Map<String, String> reservations = new ConcurrentHashMap<>();
        final Map<String, ReserveStock> reserved = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();

        Inventory(String sku, int quantity) {
            stock.put(sku, quantity);
        }

        @CommandHandler
        StockReserved handle(ReserveStock command, Metadata metadata) {
            calls.add("reserve " + command.orderId() + " " + metadata.get(SagaflowMetadata.IDEMPOTENCY_KEY));
            String existing = reservations.get(command.orderId());
            if (existing != null) {
                return new StockReserved(existing);
            }
            int left = stock.getOrDefault(command.sku(), 0);
            if (left < command.quantity()) {
                throw new CommandRejectedException("out of stock: sku " + command.sku() + " has " + left + ", "
                        + command.quantity() + " wanted");
            }
            stock.put(command.sku(), left - command.quantity());
            String id = "res-" + command.orderId();
            reservations.put(command.orderId(), id);
            reserved.put(command.orderId(), command);
            return new StockReserved(id);
        }

        @CommandHandler
        void handle(ReleaseStock command) {
            calls.add("release " + command.orderId());
            reservations.remove(command.orderId());
            ReserveStock undone = reserved.remove(command.orderId());
            if (undone != null) {
                stock.merge(undone.sku(), undone.quantity(), Integer::sum);
            }
        }
    }

    /** Payment, an Axon command handler answering with {@link CommandOutcome}. */
    static final class Payment {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger outagesLeft = new AtomicInteger();
        volatile boolean decline;

        @CommandHandler
        CommandOutcome handle(ChargePayment command) {
            calls.incrementAndGet();
            if (outagesLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("payment provider unavailable");
            }
            if (decline) {
                return CommandOutcome.failure("card declined for order " + command.orderId());
            }
            return CommandOutcome.success(new PaymentCharged("pay-" + command.orderId()));
        }
    }

    /** An Axon projection following sagas through their lifecycle events. */
    static final class SagaProjection {
        final List<SagaLifecycleEvent> events = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(SagaStartedEvent event) {
            events.add(event);
        }

        @EventHandler
        void on(SagaStepCompletedEvent event) {
            events.add(event);
        }

        @EventHandler
        void on(SagaStepFailedEvent event) {
            events.add(event);
        }

        @EventHandler
        void on(SagaCompensatingEvent event) {
            events.add(event);
        }

        @EventHandler
        void on(SagaCompletedEvent event) {
            events.add(event);
        }

        @EventHandler
        void on(SagaCompensatedEvent event) {
            events.add(event);
        }

        @EventHandler
        void on(SagaFailedEvent event) {
            events.add(event);
        }

        /** The saga's events in the order they happened: listeners on different engine threads may interleave. */
        List<String> of(String sagaId) {
            return events.stream().filter(e -> e.sagaId().equals(sagaId))
                    .sorted(java.util.Comparator.comparing(SagaLifecycleEvent::at))
                    .map(e -> e.getClass().getSimpleName()
                            + (e instanceof SagaStepCompletedEvent s ? " " + s.step() + " " + s.direction() : ""))
                    .toList();
        }
    }
}
