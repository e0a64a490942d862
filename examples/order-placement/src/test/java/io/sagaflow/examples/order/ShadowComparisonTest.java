package io.sagaflow.examples.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.examples.monolith.Monolith;
import io.sagaflow.examples.monolith.Order;
import io.sagaflow.examples.monolith.OrderRejectedException;
import io.sagaflow.test.ShadowComparison;
import io.sagaflow.test.ShadowReport;
import org.junit.jupiter.api.Test;

/** The saga ends where the monolith's @Transactional placeOrder ends, input by input, failure by failure. */
class ShadowComparisonTest {

    @Test
    void endsWhereTheMonolithsTransactionEnds() {
        try (Monolith monolith = Monolith.start(OrderWorld.INITIAL_STOCK, OrderWorld.DECLINED)) {
            ShadowReport<OrderData, Ledger> report = ShadowComparison.of(PlaceOrderSaga.DEFINITION, OrderWorld::new,
                            (world, order) -> world.ledger())
                    .inputs(OrderData.of("A-1", "alice", "book", 2, 3_000),
                            OrderData.of("A-2", "bob", "lamp", 3, 12_600),
                            OrderData.of("A-3", "mallory", "book", 1, 1_500))
                    .reference((order, failure) -> {
                        monolith.reset();
                        // A step made to fail for good throws inside the monolith's transaction: it rolls back.
                        if (failure.failingStep().isEmpty()) {
                            try {
                                monolith.orders().placeOrder(new Order(order.orderId(), order.customer(),
                                        order.sku(), order.quantity(), order.amountCents()));
                            } catch (OrderRejectedException rejected) {
                                // Out of stock or declined: the transaction rolled back, the ledger shows it.
                            }
                        }
                        return Ledger.of(monolith);
                    })
                    .seed(42)
                    .compare();

            report.assertNoMismatches();
            assertThat(report.cases()).as("inputs times failure points").isGreaterThan(30);
        }
    }
}
