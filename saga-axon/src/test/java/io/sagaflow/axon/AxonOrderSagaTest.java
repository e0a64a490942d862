package io.sagaflow.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The order-placement saga whose participants are Axon command handlers, on Axon's in-process buses. */
class AxonOrderSagaTest {
    private AxonOrderApp app;

    @AfterEach
    void shutDown() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void completesOrderThroughAxonCommandHandlers() throws Exception {
        app = new AxonOrderApp(10, RetryPolicy.none());

        SagaInstance saga = app.run(OrderDomain.order("o-1", "sku-1", 3));

        assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(saga.completedSteps()).containsExactly("reserve-inventory", "charge-payment", "confirm-order");
        OrderDomain.Order data = saga.data(OrderDomain.Order.class);
        assertThat(data.reservationId()).isEqualTo("res-o-1");
        assertThat(data.paymentId()).isEqualTo("pay-o-1");
        assertThat(app.inventory.stock).containsEntry("sku-1", 7);
        assertThat(app.inventory.calls).containsExactly("reserve o-1 " + saga.id().value() + "/reserve-inventory");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(app.confirmations)
                .containsExactly(new OrderDomain.OrderConfirmed("o-1", "pay-o-1")));
    }

    @Test
    void compensatesWhenOutOfStockWithoutChargingPayment() throws Exception {
        app = new AxonOrderApp(1, RetryPolicy.none());

        SagaInstance saga = app.run(OrderDomain.order("o-2", "sku-1", 3));

        assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPENSATED);
        assertThat(saga.failureReason()).contains("out of stock: sku sku-1 has 1, 3 wanted");
        assertThat(app.payment.calls).hasValue(0);
        assertThat(app.inventory.stock).containsEntry("sku-1", 1);
        assertThat(saga.compensatedSteps()).isEmpty();
    }

    @Test
    void releasesInventoryWhenPaymentIsDeclined() throws Exception {
        app = new AxonOrderApp(10, RetryPolicy.none());
        app.payment.decline = true;

        SagaInstance saga = app.run(OrderDomain.order("o-3", "sku-1", 4));

        assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPENSATED);
        assertThat(saga.failureReason()).contains("card declined for order o-3");
        assertThat(saga.compensatedSteps()).containsExactly("reserve-inventory");
        assertThat(app.inventory.calls).hasSize(2).last().isEqualTo("release o-3");
        assertThat(app.inventory.stock).containsEntry("sku-1", 10);
        assertThat(app.payment.calls).hasValue(1);
    }

    @Test
    void retriesAThrowingCommandHandlerAndCompletes() throws Exception {
        app = new AxonOrderApp(10, AxonOrderApp.fastRetries(3));
        app.payment.outagesLeft.set(2);

        SagaInstance saga = app.run(OrderDomain.order("o-4", "sku-1", 1));

        assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(app.payment.calls).hasValue(3);
        assertThat(saga.trace()).contains("payment provider unavailable");
    }

    @Test
    void compensatesWhenTheCommandHandlerKeepsThrowingPastTheRetryPolicy() throws Exception {
        app = new AxonOrderApp(10, AxonOrderApp.fastRetries(3));
        app.payment.outagesLeft.set(Integer.MAX_VALUE);

        SagaInstance saga = app.run(OrderDomain.order("o-5", "sku-1", 2));

        assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPENSATED);
        assertThat(app.payment.calls).hasValue(3);
        assertThat(saga.failureReason()).contains("failed after 3 attempts").contains("payment provider unavailable");
        assertThat(saga.compensatedSteps()).containsExactly("reserve-inventory");
        assertThat(app.inventory.stock).containsEntry("sku-1", 10);
    }

    @Test
    void axonEventHandlerFollowsTheSagaLifecycle() throws Exception {
        app = new AxonOrderApp(10, RetryPolicy.none());
        app.payment.decline = true;

        SagaInstance saga = app.run(OrderDomain.order("o-6", "sku-1", 1));

        String id = saga.id().value();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(app.projection.of(id)).containsExactly(
                "SagaStartedEvent",
                "SagaStepCompletedEvent reserve-inventory FORWARD",
                "SagaStepFailedEvent",
                "SagaCompensatingEvent",
                "SagaStepCompletedEvent reserve-inventory COMPENSATION",
                "SagaCompensatedEvent"));
        assertThat(app.projection.events).filteredOn(e -> e.sagaId().equals(id))
                .allSatisfy(e -> assertThat(e.sagaType()).isEqualTo(OrderDomain.SAGA));
    }

    @Test
    void axonEventHandlerSeesACompletedSaga() throws Exception {
        app = new AxonOrderApp(10, RetryPolicy.none());

        SagaInstance saga = app.run(OrderDomain.order("o-7", "sku-1", 1));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(app.projection.of(saga.id().value()))
                .containsExactly("SagaStartedEvent",
                        "SagaStepCompletedEvent reserve-inventory FORWARD",
                        "SagaStepCompletedEvent charge-payment FORWARD",
                        "SagaStepCompletedEvent confirm-order FORWARD",
                        "SagaCompletedEvent"));
    }

    @Test
    void retriesAfterAReplyIsLostAndTheIdempotentHandlerAppliesTheCommandOnce() throws Exception {
        var losing = new java.util.concurrent.atomic.AtomicReference<LosingBroker>();
        app = new AxonOrderApp(10, RetryPolicy.none(), Duration.ofMillis(300), delegate -> {
            losing.set(new LosingBroker(delegate, e -> e.kind() == io.sagaflow.spi.MessageKind.REPLY_SUCCESS
                    && "reserve-inventory".equals(e.step()), 1));
            return losing.get();
        });

        SagaInstance saga = app.run(OrderDomain.order("o-8", "sku-1", 2));

        assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(losing.get().lost).hasValue(1);
        String key = saga.id().value() + "/reserve-inventory";
        assertThat(app.inventory.calls).as("the timed-out step was sent again, with the same idempotency key")
                .containsExactly("reserve o-8 " + key, "reserve o-8 " + key);
        assertThat(app.inventory.stock).containsEntry("sku-1", 8);
        assertThat(saga.trace()).contains("TIMED_OUT");
    }
}
