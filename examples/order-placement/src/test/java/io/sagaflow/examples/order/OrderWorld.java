package io.sagaflow.examples.order;

import io.sagaflow.Participant;
import io.sagaflow.test.SagaWorld;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The real services of the example, each on a fresh in-memory H2 database of its own, for the failure harness. The
 * handlers run in a transaction of their own: the harness brings its own inbox.
 */
final class OrderWorld implements SagaWorld {
    static final Map<String, Integer> INITIAL_STOCK = Map.of("book", 10, "lamp", 2);
    static final Set<String> DECLINED = Set.of("mallory");

    final InventoryService inventory = new InventoryService(database("inventory"), INITIAL_STOCK);
    final PaymentService payment = new PaymentService(database("payment"), DECLINED);
    final NotificationService notification = new NotificationService(database("notification"));

    @Override
    public List<Participant> participants() {
        return List.of(inventory.participant(HandlerTransactions.own(inventory.database())),
                payment.participant(HandlerTransactions.own(payment.database())),
                notification.participant());
    }

    /** @return the services' ledgers, comparable with the monolith's */
    Ledger ledger() {
        return new Ledger(inventory.stock(), inventory.reservedOrders(), payment.charges(), notification.sent());
    }

    private static ServiceDatabase database(String service) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + service + "-" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
        return new ServiceDatabase(service, h2, null);
    }
}
