package io.sagaflow.examples.order;

import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaDefinition;
import io.sagaflow.examples.order.Messages.ChargePayment;
import io.sagaflow.examples.order.Messages.OrderConfirmed;
import io.sagaflow.examples.order.Messages.PaymentCharged;
import io.sagaflow.examples.order.Messages.ReleaseStock;
import io.sagaflow.examples.order.Messages.ReserveStock;
import io.sagaflow.examples.order.Messages.StockReserved;
import java.time.Duration;

/** The order-placement saga: what used to be one database transaction in the monolith. */
final class PlaceOrderSaga {
    private PlaceOrderSaga() {
    }

    static final SagaDefinition<OrderData> DEFINITION = SagaDefinition.builder("place-order", OrderData.class)
            .step("reserve-inventory")
                .invokeParticipant("inventory", o -> new ReserveStock(o.orderId(), o.sku(), o.quantity()))
                .onReply(StockReserved.class, (o, r) -> o.withReservation(r.reservationId()))
                .withCompensation("inventory", o -> new ReleaseStock(o.orderId()))
                .timeout(Duration.ofSeconds(10))
            .step("charge-payment")
                .invokeParticipant("payment", o -> new ChargePayment(o.orderId(), o.customer(), o.amountCents()))
                .onReply(PaymentCharged.class, (o, r) -> o.withPayment(r.paymentId()))
                .pivot()
                .timeout(Duration.ofSeconds(10))
            .step("send-confirmation")
                .publish("order-events", o -> new OrderConfirmed(o.orderId(), o.customer()))
                .retriable()
                .retry(RetryPolicy.forever())
            .build();
}
