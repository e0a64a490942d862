package io.sagaflow.examples.order;

import static io.sagaflow.test.SagaAssert.assertThat;
import static io.sagaflow.test.Transitions.transition;
import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.HistoryEntry;
import io.sagaflow.HistoryEvent;
import io.sagaflow.spi.MessageKind;
import io.sagaflow.test.Messages;
import io.sagaflow.test.SagaHarness;
import io.sagaflow.test.SagaRun;
import io.sagaflow.test.SagaTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The place-order saga on the real services, under the failures the harness injects. */
@SagaTest(seed = 7)
class PlaceOrderSagaTest {
    private final OrderWorld world = new OrderWorld();

    private SagaHarness harness(SagaHarness harness) {
        return harness.register(PlaceOrderSaga.DEFINITION).participants(world.participants());
    }

    @Test
    void completesAndLeavesEachLedgerOneEntry(SagaHarness harness) {
        SagaRun run = harness(harness).run(PlaceOrderSaga.DEFINITION, OrderData.of("A-1", "alice", "book", 2, 3_000));

        assertThat(run).completes().sentCommands("inventory:ReserveStock", "payment:ChargePayment");
        assertThat(world.ledger()).isEqualTo(new Ledger(Map.of("book", 8, "lamp", 2), Set.of("A-1"),
                Map.of("A-1", 3_000L), Set.of("A-1")));
    }

    @Test
    void compensatesNothingAndChargesNothingWhenOutOfStock(SagaHarness harness) {
        SagaRun run = harness(harness).run(PlaceOrderSaga.DEFINITION, OrderData.of("A-2", "bob", "lamp", 3, 12_600));

        assertThat(run).isCompensated().sentCommands("inventory:ReserveStock");
        assertThat(run.saga().failureReason()).contains("out of stock: lamp has 2, order A-2 needs 3");
        assertThat(world.ledger()).isEqualTo(untouched());
    }

    @Test
    void releasesTheStockWhenThePaymentIsDeclined(SagaHarness harness) {
        SagaRun run = harness(harness).run(PlaceOrderSaga.DEFINITION,
                OrderData.of("A-3", "mallory", "book", 1, 1_500));

        assertThat(run).isCompensated().compensatedInReverseOrder()
                .sentCommands("inventory:ReserveStock", "payment:ChargePayment", "inventory:ReleaseStock");
        assertThat(world.ledger()).isEqualTo(untouched());
    }

    @Test
    void confirmsTheOrderWhileNotificationIsDownAndNotifiesWhenItIsBack(SagaHarness harness) {
        Duration outage = Duration.ofMinutes(10);
        // The notification service is down for ten minutes: confirmations wait in the broker until it is back.
        harness(harness).delay(new Messages("order confirmations", e -> e.kind() == MessageKind.EVENT), outage);

        SagaRun run = harness.run(PlaceOrderSaga.DEFINITION, OrderData.of("A-4", "carol", "book", 1, 1_500));

        assertThat(run).completes();
        Instant confirmed = run.saga().history().stream().filter(h -> h.event() == HistoryEvent.SAGA_COMPLETED)
                .map(HistoryEntry::at).findFirst().orElseThrow();
        assertThat(harness.clock().instant()).as("the confirmation went out only after the outage")
                .isAfterOrEqualTo(confirmed.plus(outage));
        assertThat(world.notification.sent()).containsExactly("A-4");
        assertThat(world.payment.charges()).containsOnlyKeys("A-4");
    }

    @Test
    void recoversWhenTheOrchestratorCrashesAfterReservingStock(SagaHarness harness) {
        harness(harness).crashAfter(transition().stepSucceeded("reserve-inventory"));

        SagaRun run = harness.run(PlaceOrderSaga.DEFINITION, OrderData.of("A-5", "dave", "lamp", 1, 4_200));

        assertThat(run).completes().survivedCrashes(1);
        assertThat(world.ledger()).isEqualTo(new Ledger(Map.of("book", 10, "lamp", 1), Set.of("A-5"),
                Map.of("A-5", 4_200L), Set.of("A-5")));
    }

    private static Ledger untouched() {
        return new Ledger(OrderWorld.INITIAL_STOCK, Set.of(), Map.of(), Set.of());
    }
}
