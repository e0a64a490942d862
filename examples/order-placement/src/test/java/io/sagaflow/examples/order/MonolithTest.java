package io.sagaflow.examples.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sagaflow.examples.monolith.Monolith;
import io.sagaflow.examples.monolith.Order;
import io.sagaflow.examples.monolith.OrderRejectedException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The "before": the monolith's one @Transactional placeOrder, all or nothing. */
class MonolithTest {
    private final Monolith monolith = Monolith.start(OrderWorld.INITIAL_STOCK, OrderWorld.DECLINED);
    private final Ledger untouched = Ledger.of(monolith);

    @AfterEach
    void close() {
        monolith.close();
    }

    @Test
    void reservesChargesAndQueuesTheConfirmationInOneTransaction() {
        monolith.orders().placeOrder(new Order("A-1", "alice", "book", 2, 3_000));

        assertThat(Ledger.of(monolith)).isEqualTo(new Ledger(Map.of("book", 8, "lamp", 2), Set.of("A-1"),
                Map.of("A-1", 3_000L), Set.of("A-1")));
    }

    @Test
    void changesNothingWhenOutOfStock() {
        assertThatThrownBy(() -> monolith.orders().placeOrder(new Order("A-2", "bob", "lamp", 3, 12_600)))
                .isInstanceOf(OrderRejectedException.class).hasMessageContaining("out of stock: lamp");

        assertThat(Ledger.of(monolith)).isEqualTo(untouched);
    }

    @Test
    void rollsTheReservationBackWhenTheCardIsDeclined() {
        assertThatThrownBy(() -> monolith.orders().placeOrder(new Order("A-3", "mallory", "book", 1, 1_500)))
                .isInstanceOf(OrderRejectedException.class).hasMessage("card declined for mallory");

        // The stock update and the reservation ran before the charge failed: the transaction undid them.
        assertThat(Ledger.of(monolith)).isEqualTo(untouched);
    }
}
