package io.sagaflow.examples.order;

import io.sagaflow.SagaDefinition;
import io.sagaflow.StepRole;
import io.sagaflow.annotation.AnnotatedSagas;
import io.sagaflow.annotation.Compensation;
import io.sagaflow.annotation.OnReply;
import io.sagaflow.annotation.Saga;
import io.sagaflow.annotation.Step;
import io.sagaflow.examples.order.Messages.ChargePayment;
import io.sagaflow.examples.order.Messages.OrderConfirmed;
import io.sagaflow.examples.order.Messages.PaymentCharged;
import io.sagaflow.examples.order.Messages.ReleaseStock;
import io.sagaflow.examples.order.Messages.ReserveStock;
import io.sagaflow.examples.order.Messages.StockReserved;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The order-placement saga: what used to be one database transaction in the monolith. Reserve stock (undone by
 * releasing it), charge the card (the point of no return), then announce the order (retried until it goes out).
 * The starter compiles this bean into the engine's definition; {@link #DEFINITION} is the same definition for code
 * outside Spring (the test harness).
 */
@Component
@Profile("orders | !distributed")
@Saga(name = "place-order", data = OrderData.class)
class PlaceOrderSaga {
    @SuppressWarnings("unchecked")
    static final SagaDefinition<OrderData> DEFINITION =
            (SagaDefinition<OrderData>) AnnotatedSagas.definitionOf(new PlaceOrderSaga());

    @Step(name = "reserve-inventory", order = 1, participant = "inventory", timeout = "PT10S")
    ReserveStock reserve(OrderData order) {
        return new ReserveStock(order.orderId(), order.sku(), order.quantity());
    }

    @OnReply(step = "reserve-inventory")
    OrderData reserved(OrderData order, StockReserved reply) {
        return order.withReservation(reply.reservationId());
    }

    @Compensation(step = "reserve-inventory", participant = "inventory")
    ReleaseStock release(OrderData order) {
        return new ReleaseStock(order.orderId());
    }

    @Step(name = "charge-payment", order = 2, participant = "payment", role = StepRole.PIVOT, timeout = "PT10S")
    ChargePayment charge(OrderData order) {
        return new ChargePayment(order.orderId(), order.customer(), order.amountCents());
    }

    @OnReply(step = "charge-payment")
    OrderData charged(OrderData order, PaymentCharged reply) {
        return order.withPayment(reply.paymentId());
    }

    // Retriable: after the pivot the order is decided, so the confirmation is published until it goes out.
    @Step(name = "send-confirmation", order = 3, topic = "order-events", role = StepRole.RETRIABLE)
    OrderConfirmed confirm(OrderData order) {
        return new OrderConfirmed(order.orderId(), order.customer());
    }
}
