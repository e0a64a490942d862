package io.sagaflow.axon.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Keeps the example of {@code docs/axon.md} compiling and true. */
class PlaceOrderOnAxonTest {

    @Test
    void placesAnOrderStartedByAnAxonEvent() throws Exception {
        var dashboard = new PlaceOrderOnAxon.OrderDashboard();

        SagaInstance saga = PlaceOrderOnAxon.placeOrder("o-100", "sku-1", 4_200, dashboard);

        assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(saga.data(PlaceOrderOnAxon.Order.class).paymentId()).isEqualTo("pay-o-100");
        assertThat(saga.data(PlaceOrderOnAxon.Order.class).reservationId())
                .isEqualTo("res-" + saga.id().value() + "/reserve-inventory");
        await().atMost(Duration.ofSeconds(5)).until(() -> dashboard.completed.contains(saga.id().value()));
    }

    @Test
    void releasesTheStockWhenThePaymentIsDeclined() throws Exception {
        SagaInstance saga = PlaceOrderOnAxon.placeOrder("o-101", "sku-1", 500_000,
                new PlaceOrderOnAxon.OrderDashboard());

        assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPENSATED);
        assertThat(saga.failureReason()).contains("card declined: 500000 cents over the limit");
        assertThat(saga.compensatedSteps()).containsExactly("reserve-inventory");
    }

    @Test
    void compensatesWhenOutOfStock() throws Exception {
        SagaInstance saga = PlaceOrderOnAxon.placeOrder("o-102", "sold-out-sku", 4_200,
                new PlaceOrderOnAxon.OrderDashboard());

        assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPENSATED);
        assertThat(saga.failureReason()).contains("out of stock: sold-out-sku");
    }
}
