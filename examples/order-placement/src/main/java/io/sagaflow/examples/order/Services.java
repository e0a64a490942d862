package io.sagaflow.examples.order;

import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.examples.order.Messages.ChargePayment;
import io.sagaflow.examples.order.Messages.OrderConfirmed;
import io.sagaflow.examples.order.Messages.PaymentCharged;
import io.sagaflow.examples.order.Messages.ReleaseStock;
import io.sagaflow.examples.order.Messages.ReserveStock;
import io.sagaflow.examples.order.Messages.StockReserved;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The three services of the example, each owning its own state as it would own its own database. Every handler is
 * idempotent by order id: a redelivered command, or a compensation for something that never happened, is harmless.
 */
final class Services {
    /** Stock per SKU, and the reservation held for each order. */
    static final class Inventory {
        final Map<String, Integer> stock = new ConcurrentHashMap<>();
        final Map<String, ReserveStock> reservations = new ConcurrentHashMap<>();

        Inventory(Map<String, Integer> initial) {
            stock.putAll(initial);
        }

        Participant participant() {
            return Participant.builder("inventory")
                    .onCommand(ReserveStock.class, (cmd, ctx) -> reserve(cmd))
                    .onCommand(ReleaseStock.class, (cmd, ctx) -> release(cmd))
                    .build();
        }

        private synchronized CommandOutcome reserve(ReserveStock cmd) {
            if (reservations.containsKey(cmd.orderId())) {
                return CommandOutcome.success(new StockReserved("res-" + cmd.orderId()));
            }
            int available = stock.getOrDefault(cmd.sku(), 0);
            if (available < cmd.quantity()) {
                return CommandOutcome.failure("out of stock: " + cmd.sku() + " has " + available + ", order "
                        + cmd.orderId() + " needs " + cmd.quantity());
            }
            stock.put(cmd.sku(), available - cmd.quantity());
            reservations.put(cmd.orderId(), cmd);
            return CommandOutcome.success(new StockReserved("res-" + cmd.orderId()));
        }

        private synchronized CommandOutcome release(ReleaseStock cmd) {
            ReserveStock held = reservations.remove(cmd.orderId());
            if (held != null) {
                stock.merge(held.sku(), held.quantity(), Integer::sum);
            }
            return CommandOutcome.success();
        }
    }

    /** Charges, once per order; declines customers on the block list. */
    static final class Payment {
        final Map<String, Long> charges = new ConcurrentHashMap<>();
        private final List<String> declined;

        Payment(List<String> declined) {
            this.declined = List.copyOf(declined);
        }

        Participant participant() {
            return Participant.builder("payment")
                    .onCommand(ChargePayment.class, (cmd, ctx) -> charge(cmd))
                    .build();
        }

        private CommandOutcome charge(ChargePayment cmd) {
            if (declined.contains(cmd.customer())) {
                return CommandOutcome.failure("card declined for " + cmd.customer());
            }
            charges.putIfAbsent(cmd.orderId(), cmd.amountCents());
            return CommandOutcome.success(new PaymentCharged("pay-" + cmd.orderId()));
        }
    }

    /** Sends confirmations; a non-critical service. */
    static final class Notification {
        final List<String> sent = new CopyOnWriteArrayList<>();

        Participant participant() {
            return Participant.builder("notification")
                    .onEvent("order-events", OrderConfirmed.class, e -> {
                        if (!sent.contains(e.orderId())) {
                            sent.add(e.orderId());
                        }
                    })
                    .build();
        }
    }

    private Services() {
    }
}
