package io.sagaflow.spring.docs;

import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.spring.SagaDefinitions;
import io.sagaflow.spring.docs.OrderMessages.OrderData;
import org.springframework.stereotype.Service;

// tag::service[]
/** Starts the saga: once per order id, however often the request is repeated. */
@Service
public class OrderService {
    private final SagaEngine engine;
    private final SagaDefinition<OrderData> placeOrder;

    public OrderService(SagaEngine engine, SagaDefinitions sagas) {
        this.engine = engine;
        this.placeOrder = sagas.named("place-order", OrderData.class);
    }

    public SagaId placeOrder(String orderId, String sku, int quantity, long amountCents) {
        return engine.startSaga(placeOrder, OrderData.of(orderId, sku, quantity, amountCents), orderId);
    }
}
// end::service[]
