package io.sagaflow.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sagaflow.test.shop.Shop;
import io.sagaflow.test.shop.Shop.Bug;
import io.sagaflow.test.shop.Shop.Order;
import org.junit.jupiter.api.Test;

/** Exploration finds each planted bug, names the failure point, and reports nothing on the correct shop. */
class ExplorationTest {
    private static final Order ORDER = new Order("o-1", "sku-1", 3, 500);
    private static final long SEED = 20_260_101L;

    static SagaExplorer<Order, Shop> explorer(Bug bug) {
        return SagaExplorer.of(Shop.PLACE_ORDER, () -> new Shop(bug))
                .input(ORDER)
                .seed(SEED)
                .invariant("no payment charged for an order that is not confirmed",
                        (shop, saga) -> shop.charged("o-1") == 0 || shop.confirmed("o-1"))
                .invariant("a confirmed order is charged its amount exactly once",
                        (shop, saga) -> !shop.confirmed("o-1") || shop.charged("o-1") == 500)
                .invariant("no stock left reserved for an order that is not confirmed",
                        (shop, saga) -> shop.confirmed("o-1") || !shop.reserved("o-1"))
                .invariant("stock is conserved",
                        (shop, saga) -> shop.stock() == Shop.INITIAL_STOCK - (shop.reserved("o-1") ? 3 : 0));
    }

    @Test
    void reportsNothingOnACorrectSagaAfterEveryFailurePoint() {
        ExplorationReport report = explorer(Bug.NONE).explore();

        report.assertNoFindings();
        assertThat(report.explored()).extracting(FailurePoint::id).contains(
                "none",
                "step-fails:charge-payment:business",
                "step-fails:confirm-order:exception",
                "compensation-fails:reserve-inventory:2",
                "compensation-fails:charge-payment:always",
                "duplicate:charge-payment:forward:command",
                "duplicate:reserve-inventory:compensation:reply",
                "reply-lost:charge-payment:compensation",
                "crash-after:v0",
                "crash-after:v3",
                "crash-after:v4:confirm-order-fails");
        assertThat(report.toString()).contains("0 finding(s), seed " + SEED);
    }

    @Test
    void findsACompensationThatIsNotIdempotent() {
        ExplorationReport report = explorer(Bug.NON_IDEMPOTENT_RELEASE).explore();

        assertThat(report.failingPoints()).contains("reply-lost:reserve-inventory:compensation");
        assertThat(report.findings()).extracting(Finding::problem).containsOnly("invariant broken: stock is conserved");
        assertThat(report.toString())
                .contains("first reply of compensation of reserve-inventory lost (while charge-payment fails)")
                .contains("reserve-inventory (compensation) #1 TIMED_OUT")
                .contains("-Dsagaflow.seed=" + SEED + " -Dsagaflow.point=<point>");
    }

    @Test
    void findsAMissingCompensation() {
        ExplorationReport report = explorer(Bug.MISSING_REFUND).explore();

        assertThat(report.failingPoints()).contains("step-fails:confirm-order:business",
                "step-fails:confirm-order:exception", "compensation-fails:charge-payment:2");
        assertThat(report.findings()).extracting(Finding::problem)
                .containsOnly("invariant broken: no payment charged for an order that is not confirmed");
    }

    @Test
    void findsAHandlerThatIgnoresTheIdempotencyKey() {
        ExplorationReport report = explorer(Bug.UNDEDUPLICATED_CHARGE).explore();

        assertThat(report.failingPoints()).contains("reply-lost:charge-payment:forward");
        assertThat(report.findings()).extracting(Finding::problem)
                .contains("invariant broken: a confirmed order is charged its amount exactly once");
    }

    @Test
    void rerunsOneFailurePointWithTheSameOutcome() {
        ExplorationReport report = explorer(Bug.NON_IDEMPOTENT_RELEASE)
                .only("reply-lost:reserve-inventory:compensation").explore();

        assertThat(report.explored()).extracting(FailurePoint::id)
                .containsExactly("reply-lost:reserve-inventory:compensation");
        assertThat(report.findings()).hasSize(1);
        assertThatThrownBy(report::assertNoFindings).isInstanceOf(AssertionError.class)
                .hasMessageContaining("invariant broken: stock is conserved");
    }

    @Test
    void reportsASagaThatWaitsForEverWhenAReplyIsLostOnAStepWithoutTimeout() {
        ExplorationReport report = SagaExplorer.of(Shop.placeOrder(null), Shop::new).input(ORDER).seed(SEED)
                .only("reply-lost:charge-payment:forward").explore();

        assertThat(report.findings()).singleElement().satisfies(finding -> assertThat(finding.problem())
                .startsWith("the saga did not end: saga place-order").contains("waits for ever"));
    }
}
