package io.sagaflow.examples.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.SagaStatus;
import io.sagaflow.test.ExplorationReport;
import io.sagaflow.test.SagaExplorer;
import org.junit.jupiter.api.Test;

/** Every failure point the explorer derives from the saga, on the real services, against the ledger invariant. */
class PlaceOrderExplorationTest {

    @Test
    void noFailurePointBreaksTheLedgers() {
        ExplorationReport report = SagaExplorer.of(PlaceOrderSaga.DEFINITION, OrderWorld::new)
                .input(OrderData.of("A-1", "alice", "book", 2, 3_000))
                .invariant("no payment for an unconfirmed order", (world, saga) ->
                        world.payment.charges().isEmpty() || saga.status() == SagaStatus.COMPLETED)
                .invariant("no stock reserved for a cancelled order", (world, saga) ->
                        saga.status() != SagaStatus.COMPENSATED || world.inventory.reservedOrders().isEmpty()
                                && world.inventory.stock().get("book") == 10)
                .invariant("each order charged at most once", (world, saga) ->
                        world.payment.chargeCounts().values().stream().allMatch(n -> n <= 1))
                .invariant("stock and reservations add up", (world, saga) ->
                        world.inventory.stock().get("book") + (world.inventory.reservedOrders().isEmpty() ? 0 : 2)
                                == 10)
                .seed(42)
                .explore();

        report.assertNoFindings();
        // Not vacuous: every step failing, every message twice, every reply lost, a crash after every write.
        assertThat(report.explored()).hasSizeGreaterThan(20)
                .anyMatch(p -> p.id().startsWith("crash-after")).anyMatch(p -> p.id().startsWith("reply-lost"));
    }
}
