package io.sagaflow.examples.order;

import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.spi.SagaStore;
import java.util.Optional;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Service;

/**
 * The order service's entry point: places an order by starting the place-order saga, once per order id however
 * often the request is repeated, and finds an order's saga by the order id.
 *
 * <p>Thread-safe.
 */
@Service
@Profile("orders | !distributed")
class OrderService {
    private final SagaEngine engine;
    private final SagaStore store;

    OrderService(SagaEngine engine, SagaStore store) {
        this.engine = engine;
        this.store = store;
    }

    SagaId placeOrder(OrderData order) {
        return engine.startSaga(PlaceOrderSaga.DEFINITION, order, order.orderId());
    }

    Optional<SagaInstance> find(String orderId) {
        return store.findByBusinessKey(PlaceOrderSaga.DEFINITION.name(), orderId).flatMap(r -> engine.find(r.id()));
    }

    SagaEngine engine() {
        return engine;
    }
}
