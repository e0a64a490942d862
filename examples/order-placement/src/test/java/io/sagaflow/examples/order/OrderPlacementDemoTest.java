package io.sagaflow.examples.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OrderPlacementDemoTest {

    @Test
    void completesGoodOrdersAndCompensatesDeclinedAndOutOfStockOnes() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        OrderPlacementDemo.Result result = OrderPlacementDemo.run(new PrintStream(printed, true,
                StandardCharsets.UTF_8));

        Map<String, SagaStatus> byOrder = result.sagas().stream().collect(Collectors.toMap(
                s -> s.data(OrderData.class).orderId(), SagaInstance::status));
        Set<String> completed = byOrder.entrySet().stream().filter(e -> e.getValue() == SagaStatus.COMPLETED)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        // Book orders always go through; mallory's card is always declined.
        assertThat(byOrder).containsEntry("A-1", SagaStatus.COMPLETED).containsEntry("A-7", SagaStatus.COMPLETED)
                .containsEntry("A-3", SagaStatus.COMPENSATED).containsEntry("A-6", SagaStatus.COMPENSATED);
        // Orders run concurrently: two of the three other lamp orders get the two lamps, whichever came first.
        assertThat(Set.of("A-2", "A-4", "A-5")).filteredOn(completed::contains).hasSize(2);
        assertThat(byOrder.values()).doesNotContain(SagaStatus.FAILED, SagaStatus.RUNNING);
        // Ledgers balance: exactly the completed orders hold stock and were charged.
        assertThat(result.inventory().stock).containsEntry("book", 6).containsEntry("lamp", 0);
        assertThat(result.inventory().reservations.keySet()).isEqualTo(completed);
        assertThat(result.payment().charges.keySet()).isEqualTo(completed);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(result.notification().sent).containsExactlyInAnyOrderElementsOf(completed));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("order A-3  mallory  COMPENSATED because step 'charge-payment' rejected: card declined")
                .contains("compensated: reserve-inventory");
    }
}
