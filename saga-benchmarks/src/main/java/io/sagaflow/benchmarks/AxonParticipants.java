package io.sagaflow.benchmarks;

import io.sagaflow.benchmarks.AxonMessages.ChargePayment;
import io.sagaflow.benchmarks.AxonMessages.ConfirmationSent;
import io.sagaflow.benchmarks.AxonMessages.InventoryReleased;
import io.sagaflow.benchmarks.AxonMessages.InventoryReserved;
import io.sagaflow.benchmarks.AxonMessages.PaymentCharged;
import io.sagaflow.benchmarks.AxonMessages.PaymentDeclined;
import io.sagaflow.benchmarks.AxonMessages.ReleaseInventory;
import io.sagaflow.benchmarks.AxonMessages.ReserveInventory;
import io.sagaflow.benchmarks.AxonMessages.SendConfirmation;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;

/**
 * The Axon side's participants: command handlers that do the work and publish what happened as events, which the
 * saga handles. Public, as Axon scans them for {@code @CommandHandler}. Thread-safe: stateless apart from the
 * ledger's counters.
 *
 * @since 0.1
 */
public final class AxonParticipants {
    private final EventBus eventBus;
    private final Ledger ledger;

    AxonParticipants(EventBus eventBus, Ledger ledger) {
        this.eventBus = eventBus;
        this.ledger = ledger;
    }

    /** @param command reserve stock */
    @CommandHandler
    public void handle(ReserveInventory command) {
        ledger.reserved.increment();
        publish(new InventoryReserved(command.orderId(), "r-" + command.orderNo()));
    }

    /** @param command release stock: the compensation */
    @CommandHandler
    public void handle(ReleaseInventory command) {
        ledger.released.increment();
        publish(new InventoryReleased(command.orderId()));
    }

    /** @param command charge, declining a fifth of the orders */
    @CommandHandler
    public void handle(ChargePayment command) {
        if (Ticket.declined(command.orderNo())) {
            ledger.declined.increment();
            publish(new PaymentDeclined(command.orderId(), "card declined for order " + command.orderNo()));
            return;
        }
        ledger.charged.increment();
        publish(new PaymentCharged(command.orderId(), "p-" + command.orderNo()));
    }

    /** @param command send the confirmation */
    @CommandHandler
    public void handle(SendConfirmation command) {
        ledger.confirmed.increment();
        publish(new ConfirmationSent(command.orderId()));
    }

    private void publish(Object event) {
        eventBus.publish(GenericEventMessage.asEventMessage(event));
    }
}
