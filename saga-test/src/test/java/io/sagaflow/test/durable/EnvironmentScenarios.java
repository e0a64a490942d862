package io.sagaflow.test.durable;

import static io.sagaflow.test.Messages.commandsTo;
import static io.sagaflow.test.SagaAssert.assertThat;
import static io.sagaflow.test.Transitions.transition;
import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.test.SagaHarness;
import io.sagaflow.test.SagaRun;
import io.sagaflow.test.SagaTestEnvironment;
import io.sagaflow.test.shop.Shop;
import io.sagaflow.test.shop.Shop.Order;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Harness failure scenarios every environment must pass; each subclass names its environment. */
abstract class EnvironmentScenarios {
    private static final Order ORDER = new Order("o-1", "sku-1", 3, 500);

    abstract SagaTestEnvironment.Factory environment();

    private SagaHarness harness(Shop shop) {
        return SagaHarness.builder().environment(environment()).seed(11).runTimeout(Duration.ofSeconds(30)).build()
                .register(Shop.PLACE_ORDER).participants(shop.participants());
    }

    @Test
    void aStepThatFailsCompensatesTheCompletedStepsInReverseOrder() {
        Shop shop = new Shop();
        try (SagaHarness harness = harness(shop)) {
            harness.failStep("confirm-order").withBusinessFailure("order cancelled").always();

            SagaRun run = harness.run(Shop.PLACE_ORDER, ORDER);

            assertThat(run).isCompensated().compensatedInReverseOrder()
                    .compensated("charge-payment", "reserve-inventory");
            assertThat(shop.endState("o-1")).isEqualTo(new Shop.EndState(10, 0, false));
        }
    }

    @Test
    void duplicatedCommandsRunOnce() {
        Shop shop = new Shop();
        try (SagaHarness harness = harness(shop)) {
            harness.duplicate(commandsTo("inventory"));
            harness.duplicate(commandsTo("payment"));

            SagaRun run = harness.run(Shop.PLACE_ORDER, ORDER);

            assertThat(run).completes();
            assertThat(shop.calls("reserve")).isEqualTo(1);
            assertThat(shop.calls("charge")).isEqualTo(1);
        }
    }

    @Test
    void aCrashAfterAStepSucceededIsRecoveredByTheNextEngine() {
        Shop shop = new Shop();
        try (SagaHarness harness = harness(shop)) {
            harness.crashAfter(transition().stepSucceeded("reserve-inventory"));

            SagaRun run = harness.run(Shop.PLACE_ORDER, ORDER);

            assertThat(run).completes().survivedCrashes(1);
            // Around a crash a relay may publish one outbox message twice (same message id) while the broker
            // confirms it slowly: at least once, and the inbox runs it once.
            assertThat(run.commands().stream().map(Object::toString).distinct())
                    .containsExactly("inventory:ReserveStock", "payment:ChargePayment", "orders:ConfirmOrder");
            assertThat(shop.calls("reserve")).isEqualTo(1);
            assertThat(shop.calls("confirm")).isEqualTo(1);
            assertThat(shop.endState("o-1")).isEqualTo(new Shop.EndState(7, 500, true));
        }
    }
}
