package io.sagaflow.test;

import static io.sagaflow.test.SagaAssert.assertThat;
import static io.sagaflow.test.Transitions.transition;
import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.LocalResult;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaStatus;
import io.sagaflow.test.shop.Shop;
import io.sagaflow.test.shop.Shop.Order;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The orchestrator dies after a chosen write and a fresh engine resumes from the store. */
class CrashRecoveryTest {
    private static final Order ORDER = new Order("o-1", "sku-1", 3, 500);

    @Test
    void aLocalStepLeftUnderALeaseIsResumedOnceTheLeaseExpires() {
        AtomicInteger runs = new AtomicInteger();
        SagaDefinition<Order> saga = SagaDefinition.builder("local-then-remote", Order.class)
                .step("book").invokeLocal(o -> {
                    runs.incrementAndGet();
                    return LocalResult.done(o);
                }).withCompensation(o -> LocalResult.done(o))
                .step("confirm-order").invokeParticipant("orders", o -> new Shop.ConfirmOrder(o.id())).pivot()
                .build();
        try (SagaHarness harness = SagaHarness.builder().seed(1).build()) {
            harness.register(saga).participants(new Shop().participants());
            // Version 0 is the create, stored READY under the local step's lease before the step runs.
            harness.crashAfter(transition().sagaStarted());

            SagaRun run = harness.run(saga, ORDER);

            assertThat(run).completes().survivedCrashes(1);
            assertThat(runs).hasValue(1);
            assertThat(harness.clock().instant()).isAfterOrEqualTo(HarnessClock.DEFAULT_START.plusSeconds(30));
        }
    }

    @Test
    void theSecondMatchingTransitionCanBeChosen() {
        Shop shop = new Shop();
        try (SagaHarness harness = SagaHarness.builder().seed(2).build()) {
            harness.register(Shop.PLACE_ORDER).participants(shop.participants());
            harness.crashAfter(transition().status(SagaStatus.RUNNING), 2);

            SagaRun run = harness.run(Shop.PLACE_ORDER, ORDER);

            assertThat(run).completes().survivedCrashes(1);
            assertThat(harness.transitions()).hasSize(4).element(1).asString()
                    .startsWith("v1 RUNNING: reserve-inventory SUCCEEDED, charge-payment COMMAND_SENT");
            assertThat(shop.calls("charge")).isEqualTo(1);
        }
    }

    @Test
    void crashesAfterEveryTransitionOfOneRunAreAllRecovered() {
        for (long version = 0; version < 4; version++) {
            Shop shop = new Shop();
            try (SagaHarness harness = SagaHarness.builder().seed(version).runTimeout(Duration.ofSeconds(10)).build()) {
                harness.register(Shop.PLACE_ORDER).participants(shop.participants());
                harness.crashAfter(transition().version(version));

                SagaRun run = harness.run(Shop.PLACE_ORDER, ORDER);

                assertThat(run).completes().survivedCrashes(1);
                assertThat(shop.endState("o-1")).isEqualTo(new Shop.EndState(7, 500, true));
            }
        }
    }
}
