package io.sagaflow.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sagaflow.test.shop.Shop;
import io.sagaflow.test.shop.Shop.Bug;
import io.sagaflow.test.shop.Shop.EndState;
import io.sagaflow.test.shop.Shop.Order;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The saga against the monolith's all-or-nothing transaction, on every input and failure. */
class ShadowComparisonTest {
    private static final Order FITS = new Order("o-1", "sku-1", 3, 500);
    private static final Order TOO_BIG = new Order("o-2", "sku-1", 50, 900);

    /** The monolith: one transaction that reserves, charges and confirms, or changes nothing. */
    static EndState monolith(Order order, FailurePoint failure) {
        boolean commits = failure.failingStep().isEmpty() && order.quantity() <= Shop.INITIAL_STOCK;
        return commits ? new EndState(Shop.INITIAL_STOCK - order.quantity(), order.amount(), true)
                : new EndState(Shop.INITIAL_STOCK, 0, false);
    }

    private static ShadowComparison<Order, Shop, EndState> comparison(Bug bug) {
        return ShadowComparison.of(Shop.PLACE_ORDER, () -> new Shop(bug), (shop, order) -> shop.endState(order.id()))
                .inputs(FITS, TOO_BIG)
                .reference(ShadowComparisonTest::monolith)
                .seed(11);
    }

    @Test
    void aCorrectSagaEndsWhereTheMonolithEndsOnEveryInputAndFailure() {
        ShadowReport<Order, EndState> report = comparison(Bug.NONE).compare();

        report.assertNoMismatches();
        assertThat(report.cases()).isEqualTo(2 * FailurePoints.withoutCrashes(Shop.PLACE_ORDER, false).size());
    }

    @Test
    void reportsEveryCaseWhereTheSagaLeavesAnotherEndState() {
        ShadowReport<Order, EndState> report = comparison(Bug.MISSING_REFUND).compare();

        assertThat(report.mismatches()).extracting(m -> m.point().id() + " " + m.input().id())
                .contains("step-fails:confirm-order:business o-1", "step-fails:confirm-order:exception o-1")
                .noneMatch(c -> c.endsWith("o-2"));
        assertThat(report.mismatches()).allSatisfy(m -> {
            assertThat(m.expected()).isEqualTo(new EndState(Shop.INITIAL_STOCK, 0, false));
            assertThat(m.actual()).isEqualTo(new EndState(Shop.INITIAL_STOCK, 500, false));
        });
        assertThatThrownBy(report::assertNoMismatches).isInstanceOf(AssertionError.class)
                .hasMessageContaining("monolith: EndState[stock=10, charged=0, confirmed=false]")
                .hasMessageContaining("saga:     EndState[stock=10, charged=500, confirmed=false]")
                .hasMessageContaining("charge-payment (compensation) #1 SUCCEEDED");
    }

    @Test
    void comparesUnderChosenFailuresIncludingACrash() {
        ShadowReport<Order, EndState> report = comparison(Bug.NONE)
                .failures(List.of(new FailurePoint.None(),
                        new FailurePoint.CrashAfter(1, "reserve-inventory succeeded", null),
                        new FailurePoint.CrashAfter(4, "compensation of charge-payment succeeded", "confirm-order")))
                .compare();

        report.assertNoMismatches();
        assertThat(report.cases()).isEqualTo(6);
    }
}
