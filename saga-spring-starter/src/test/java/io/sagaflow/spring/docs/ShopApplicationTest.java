package io.sagaflow.spring.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import io.sagaflow.spring.SagasEndpoint;
import io.sagaflow.spring.docs.OrderMessages.OrderData;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The guide's application, run end to end over the in-memory broker. */
@SpringBootTest(classes = ShopApplication.class,
        properties = {"management.endpoints.web.exposure.include=health,sagas", "sagaflow.engine.timer-poll-interval=50ms"})
@Import(ShopApplicationTest.Metrics.class)
class ShopApplicationTest {
    @Autowired
    OrderService orders;
    @Autowired
    SagaEngine engine;
    @Autowired
    InventoryParticipant inventory;
    @Autowired
    MeterRegistry meters;
    @Autowired
    SagasEndpoint endpoint;
    @Autowired
    HealthIndicator sagaflowHealthIndicator;

    @TestConfiguration
    static class Metrics {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void placesAnOrderThroughEveryStepAndNotifiesTheInventory() throws Exception {
        SagaId id = orders.placeOrder("order-1", "book", 2, 2_500);

        SagaInstance saga = engine.whenSettled(id).get(10, TimeUnit.SECONDS);
        assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(saga.data(OrderData.class).reservationId()).isEqualTo("r-order-1");
        assertThat(saga.data(OrderData.class).paymentId()).isEqualTo("pay-" + id + "/charge-payment");
        await().atMost(Duration.ofSeconds(5)).until(() -> inventory.confirmed.contains("order-1"));
        assertThat(meters.counter("sagaflow.sagas.completed", "saga", "place-order").count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.find("sagaflow.steps").tag("step", "charge-payment").tag("outcome", "success").timer())
                .isNotNull();
    }

    @Test
    void compensatesTheReservationWhenTheCardIsDeclined() throws Exception {
        int before = inventory.available("book");
        SagaId id = orders.placeOrder("order-2", "book", 1, PaymentParticipant.LIMIT_CENTS + 1);

        SagaInstance saga = engine.whenSettled(id).get(10, TimeUnit.SECONDS);
        assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPENSATED);
        assertThat(saga.compensatedSteps()).containsExactly("reserve-inventory");
        assertThat(saga.failureReason()).contains("card declined");
        assertThat(inventory.available("book")).isEqualTo(before);
        assertThat(meters.counter("sagaflow.sagas.compensated", "saga", "place-order").count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void startsOneSagaPerOrderId() {
        SagaId first = orders.placeOrder("order-3", "book", 1, 100);
        assertThat(orders.placeOrder("order-3", "book", 1, 100)).isEqualTo(first);
    }

    @Test
    void listsAndShowsSagasOnTheEndpointButRefusesToRetryByDefault() throws Exception {
        SagaId id = orders.placeOrder("order-4", "book", 1, 100);
        engine.whenSettled(id).get(10, TimeUnit.SECONDS);

        assertThat(endpoint.sagas("place-order", "completed", 10, null).sagas())
                .anySatisfy(s -> assertThat(s.id()).isEqualTo(id.value()));
        SagasEndpoint.SagaDetail detail = endpoint.saga(id.value());
        assertThat(detail).isNotNull();
        assertThat(detail.saga().status()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(detail.data()).as("data is hidden by default").isNull();
        assertThat(detail.history()).isNotEmpty();
        assertThatThrownBy(() -> endpoint.act(id.value(), "retry", null))
                .isInstanceOf(InvalidEndpointRequestException.class)
                .hasMessageContaining("sagaflow.actuator.mutations-enabled=true");
        assertThat(sagaflowHealthIndicator.health(true).getStatus()).isEqualTo(Status.UP);
    }
}
