package io.sagaflow.test.shop;

import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaDefinition;
import io.sagaflow.test.SagaWorld;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small shop for harness tests: inventory, payment and order participants with their state, and the place-order
 * saga. A {@link Bug} plants one mistake in a handler, for the harness to find.
 */
public final class Shop implements SagaWorld {
    /** The planted bugs. */
    public enum Bug {
        /** Every handler is right. */
        NONE,
        /** Releasing stock is not idempotent: a retried release puts the stock back twice. */
        NON_IDEMPOTENT_RELEASE,
        /** Refunding does nothing: the compensation is missing. */
        MISSING_REFUND,
        /** Charging ignores the idempotency key: a retried charge charges twice. */
        UNDEDUPLICATED_CHARGE
    }

    public record Order(String id, String sku, int quantity, long amount) { }
    public record ReserveStock(String orderId, String sku, int quantity) { }
    public record ReleaseStock(String orderId) { }
    public record StockReserved(String orderId) { }
    public record ChargePayment(String orderId, long amount) { }
    public record RefundPayment(String orderId) { }
    public record ConfirmOrder(String orderId) { }

    public static final int INITIAL_STOCK = 10;
    static final RetryPolicy FAST = RetryPolicy.attempts(3).withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    public static final SagaDefinition<Order> PLACE_ORDER = placeOrder(TIMEOUT);

    private final Bug bug;
    private final AtomicInteger stock = new AtomicInteger(INITIAL_STOCK);
    private final Map<String, Integer> reservations = new ConcurrentHashMap<>();
    private final Map<String, Integer> ordered = new ConcurrentHashMap<>();
    private final Map<String, Long> charged = new ConcurrentHashMap<>();
    private final Set<String> chargeKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    public Shop() {
        this(Bug.NONE);
    }

    public Shop(Bug bug) {
        this.bug = bug;
    }

    /** @param timeout every step's reply timeout, or null for none @return the saga */
    public static SagaDefinition<Order> placeOrder(Duration timeout) {
        SagaDefinition.Builder<Order> saga = SagaDefinition.builder("place-order", Order.class);
        if (timeout != null) {
            saga.defaultTimeout(timeout);
        }
        return saga
                .step("reserve-inventory")
                    .invokeParticipant("inventory", o -> new ReserveStock(o.id(), o.sku(), o.quantity()))
                    .onReply(StockReserved.class, (o, r) -> o)
                    .withCompensation("inventory", o -> new ReleaseStock(o.id()))
                    .retry(FAST).compensationRetry(RetryPolicy.compensationDefaults()
                            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .step("charge-payment")
                    .invokeParticipant("payment", o -> new ChargePayment(o.id(), o.amount()))
                    .withCompensation("payment", o -> new RefundPayment(o.id()))
                    .retry(FAST).compensationRetry(RetryPolicy.compensationDefaults()
                            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .step("confirm-order")
                    .invokeParticipant("orders", o -> new ConfirmOrder(o.id()))
                    .pivot().retry(FAST)
                .build();
    }

    @Override
    public List<Participant> participants() {
        Participant inventory = Participant.builder("inventory")
                .onCommand(ReserveStock.class, (cmd, ctx) -> {
                    count("reserve");
                    if (reservations.containsKey(cmd.orderId())) {
                        return CommandOutcome.success(new StockReserved(cmd.orderId()));
                    }
                    if (stock.get() < cmd.quantity()) {
                        return CommandOutcome.failure("out of stock: " + cmd.sku());
                    }
                    stock.addAndGet(-cmd.quantity());
                    reservations.put(cmd.orderId(), cmd.quantity());
                    ordered.put(cmd.orderId(), cmd.quantity());
                    return CommandOutcome.success(new StockReserved(cmd.orderId()));
                })
                .onCommand(ReleaseStock.class, (cmd, ctx) -> {
                    count("release");
                    if (bug == Bug.NON_IDEMPOTENT_RELEASE) {
                        // Puts back what was ordered, whether or not it is still reserved.
                        reservations.remove(cmd.orderId());
                        stock.addAndGet(ordered.getOrDefault(cmd.orderId(), 0));
                        return CommandOutcome.success();
                    }
                    Integer released = reservations.remove(cmd.orderId());
                    if (released != null) {
                        stock.addAndGet(released);
                    }
                    return CommandOutcome.success();
                })
                .build();
        Participant payment = Participant.builder("payment")
                .onCommand(ChargePayment.class, (cmd, ctx) -> {
                    count("charge");
                    if (bug == Bug.UNDEDUPLICATED_CHARGE || chargeKeys.add(ctx.idempotencyKey())) {
                        charged.merge(cmd.orderId(), cmd.amount(), Long::sum);
                    }
                    return CommandOutcome.success();
                })
                .onCommand(RefundPayment.class, (cmd, ctx) -> {
                    count("refund");
                    if (bug != Bug.MISSING_REFUND) {
                        charged.remove(cmd.orderId());
                    }
                    return CommandOutcome.success();
                })
                .build();
        Participant orders = Participant.builder("orders")
                .onCommand(ConfirmOrder.class, (cmd, ctx) -> {
                    count("confirm");
                    confirmed.add(cmd.orderId());
                    return CommandOutcome.success();
                })
                .build();
        return List.of(inventory, payment, orders);
    }

    private void count(String what) {
        calls.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    /** @param what reserve, release, charge, refund or confirm @return how often its handler ran */
    public int calls(String what) {
        AtomicInteger count = calls.get(what);
        return count == null ? 0 : count.get();
    }

    public int stock() {
        return stock.get();
    }

    public boolean reserved(String orderId) {
        return reservations.containsKey(orderId);
    }

    public long charged(String orderId) {
        return charged.getOrDefault(orderId, 0L);
    }

    public boolean confirmed(String orderId) {
        return confirmed.contains(orderId);
    }

    /** The end state the monolith would leave: what shadow comparison compares. */
    public record EndState(int stock, long charged, boolean confirmed) { }

    public EndState endState(String orderId) {
        return new EndState(stock(), charged(orderId), confirmed(orderId));
    }
}
