package io.sagaflow.spring.docs;

import io.sagaflow.StepRole;
import io.sagaflow.annotation.Compensation;
import io.sagaflow.annotation.OnReply;
import io.sagaflow.annotation.Saga;
import io.sagaflow.annotation.Step;
import io.sagaflow.spring.docs.OrderMessages.ChargePayment;
import io.sagaflow.spring.docs.OrderMessages.OrderConfirmed;
import io.sagaflow.spring.docs.OrderMessages.OrderData;
import io.sagaflow.spring.docs.OrderMessages.PaymentCharged;
import io.sagaflow.spring.docs.OrderMessages.ReleaseStock;
import io.sagaflow.spring.docs.OrderMessages.ReserveStock;
import io.sagaflow.spring.docs.OrderMessages.StockReserved;
import org.springframework.stereotype.Component;

// tag::saga[]
/** Reserve stock (undone by releasing it), charge the card (the point of no return), then announce the order. */
@Component
@Saga(name = "place-order", data = OrderData.class)
public class PlaceOrderSaga {

    @Step(name = "reserve-inventory", order = 1, participant = "inventory", timeout = "PT5S")
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
        return new ChargePayment(order.orderId(), order.amountCents());
    }

    @OnReply(step = "charge-payment")
    OrderData charged(OrderData order, PaymentCharged reply) {
        return order.withPayment(reply.paymentId());
    }

    @Step(name = "confirm", order = 3, topic = "order-events", role = StepRole.RETRIABLE)
    OrderConfirmed confirm(OrderData order) {
        return new OrderConfirmed(order.orderId());
    }
}
// end::saga[]
