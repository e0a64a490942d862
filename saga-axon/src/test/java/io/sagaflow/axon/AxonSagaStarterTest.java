package io.sagaflow.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import io.sagaflow.spi.SagaQuery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sagas started by Axon events, once per business key. */
class AxonSagaStarterTest {
    private AxonOrderApp app;

    @AfterEach
    void shutDown() {
        if (app != null) {
            app.close();
        }
    }

    private List<SagaInstance> sagasFor(String orderId) {
        return app.engine.query(new SagaQuery(OrderDomain.SAGA, null, orderId, null, null, 0, 10));
    }

    @Test
    void startsOneSagaWhenTheSameEventArrivesTwice() throws Exception {
        app = new AxonOrderApp(10, RetryPolicy.none());
        var placed = new OrderDomain.OrderPlaced("o-20", "sku-1", 2, 1_000);

        app.publishOnAxon(placed);
        app.publishOnAxon(placed);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sagasFor("o-20"))
                .singleElement().extracting(SagaInstance::status).isEqualTo(SagaStatus.COMPLETED));
        assertThat(app.inventory.calls).hasSize(1);
        assertThat(app.inventory.stock).containsEntry("sku-1", 8);
        assertThat(sagasFor("o-20").getFirst().data(OrderDomain.Order.class).amountCents()).isEqualTo(1_000);
    }

    @Test
    void startsOneSagaWhenTheSameEventArrivesOnTwoThreadsAtOnce() throws Exception {
        app = new AxonOrderApp(10, RetryPolicy.none());
        var placed = new OrderDomain.OrderPlaced("o-21", "sku-1", 1, 500);
        Callable<Void> publish = () -> {
            app.publishOnAxon(placed);
            return null;
        };

        try (var threads = Executors.newFixedThreadPool(2)) {
            for (Future<Void> done : threads.invokeAll(List.of(publish, publish))) {
                done.get();
            }
        }

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sagasFor("o-21"))
                .singleElement().extracting(SagaInstance::status).isEqualTo(SagaStatus.COMPLETED));
        assertThat(app.inventory.calls).hasSize(1);
    }

    @Test
    void startsASagaPerDistinctBusinessKey() throws Exception {
        app = new AxonOrderApp(10, RetryPolicy.none());

        app.publishOnAxon(new OrderDomain.OrderPlaced("o-22", "sku-1", 1, 500));
        app.publishOnAxon(new OrderDomain.OrderPlaced("o-23", "sku-1", 1, 500));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(sagasFor("o-22")).singleElement().extracting(SagaInstance::status)
                    .isEqualTo(SagaStatus.COMPLETED);
            assertThat(sagasFor("o-23")).singleElement().extracting(SagaInstance::status)
                    .isEqualTo(SagaStatus.COMPLETED);
        });
    }

    @Test
    void readsASerializedEventWithAxonsEventConverter() throws Exception {
        app = new AxonOrderApp(10, RetryPolicy.none());
        byte[] json = "{\"orderId\":\"o-24\",\"sku\":\"sku-1\",\"quantity\":3,\"amountCents\":700}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        app.publishOnAxon(new org.axonframework.messaging.eventhandling.GenericEventMessage(
                new org.axonframework.messaging.core.MessageType(OrderDomain.OrderPlaced.class), json));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sagasFor("o-24"))
                .singleElement().extracting(SagaInstance::status).isEqualTo(SagaStatus.COMPLETED));
        assertThat(sagasFor("o-24").getFirst().data(OrderDomain.Order.class).quantity()).isEqualTo(3);
    }
}
