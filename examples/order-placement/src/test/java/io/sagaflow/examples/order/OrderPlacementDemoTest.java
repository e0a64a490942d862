package io.sagaflow.examples.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
        assertThat(byOrder).containsEntry("A-1", SagaStatus.COMPLETED)
                .containsEntry("A-2", SagaStatus.COMPLETED)
                .containsEntry("A-3", SagaStatus.COMPENSATED)   // mallory's card is declined
                .containsEntry("A-4", SagaStatus.COMPLETED)
                .containsEntry("A-5", SagaStatus.COMPENSATED)   // the lamps are gone
                .containsEntry("A-6", SagaStatus.COMPENSATED)
                .containsEntry("A-7", SagaStatus.COMPLETED);
        // Ledgers balance: only completed orders hold stock and were charged.
        assertThat(result.inventory().stock).containsEntry("book", 6).containsEntry("lamp", 0);
        assertThat(result.inventory().reservations.keySet()).containsExactlyInAnyOrder("A-1", "A-2", "A-4", "A-7");
        assertThat(result.payment().charges.keySet()).containsExactlyInAnyOrder("A-1", "A-2", "A-4", "A-7");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("order A-3  mallory  COMPENSATED because step 'charge-payment' rejected: card declined")
                .contains("compensated: reserve-inventory");
    }
}
