package io.sagaflow.benchmarks;

import io.sagaflow.benchmarks.AxonMessages.ChargePayment;
import io.sagaflow.benchmarks.AxonMessages.ConfirmationSent;
import io.sagaflow.benchmarks.AxonMessages.InventoryReleased;
import io.sagaflow.benchmarks.AxonMessages.InventoryReserved;
import io.sagaflow.benchmarks.AxonMessages.OrderPlaced;
import io.sagaflow.benchmarks.AxonMessages.PaymentCharged;
import io.sagaflow.benchmarks.AxonMessages.PaymentDeclined;
import io.sagaflow.benchmarks.AxonMessages.ReleaseInventory;
import io.sagaflow.benchmarks.AxonMessages.ReserveInventory;
import io.sagaflow.benchmarks.AxonMessages.SendConfirmation;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.jspecify.annotations.Nullable;

/**
 * The order workload written the Axon 4 way: a saga started by {@code OrderPlaced}, associated by order id, that
 * sends a command per step and a hand-written compensating command ({@code ReleaseInventory}) when payment is
 * declined. Public with a no-argument constructor, as Axon instantiates and injects it. Registered with
 * {@code EventProcessingConfigurer.registerSaga}, the non-Spring form of Axon's {@code @Saga} stereotype (which lives
 * in axon-spring; this module keeps Spring out).
 *
 * <p>Not thread-safe: Axon's saga manager locks each saga instance while one event is handled.
 *
 * @since 0.1
 */
public class AxonOrderSaga {
    private static final String ORDER_ID = "orderId";

    @Inject
    private transient @Nullable CommandGateway commandGateway;
    @Inject
    private transient AxonOrderSystem.@Nullable Settlements settlements;

    private long orderNo;
    private long amountCents;
    private @Nullable String reservationId;

    /** Axon creates sagas reflectively. */
    public AxonOrderSaga() {
        // state arrives with the first event
    }

    /** @param event the order to place */
    @StartSaga
    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(OrderPlaced event) {
        orderNo = event.orderNo();
        amountCents = event.amountCents();
        gateway().send(new ReserveInventory(event.orderId(), orderNo, "sku-" + orderNo % 100, 1));
    }

    /** @param event inventory is held */
    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(InventoryReserved event) {
        reservationId = event.reservationId();
        gateway().send(new ChargePayment(event.orderId(), orderNo, amountCents));
    }

    /** @param event the pivot succeeded */
    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(PaymentCharged event) {
        gateway().send(new SendConfirmation(event.orderId(), event.paymentId()));
    }

    /** @param event the pivot failed: compensate by hand */
    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(PaymentDeclined event) {
        gateway().send(new ReleaseInventory(event.orderId(), java.util.Objects.requireNonNull(reservationId)));
    }

    /** @param event compensated */
    @EndSaga
    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(InventoryReleased event) {
        java.util.Objects.requireNonNull(settlements).settled(event.orderId(), true);
    }

    /** @param event completed */
    @EndSaga
    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(ConfirmationSent event) {
        java.util.Objects.requireNonNull(settlements).settled(event.orderId(), false);
    }

    private CommandGateway gateway() {
        return java.util.Objects.requireNonNull(commandGateway, "CommandGateway not injected");
    }
}
