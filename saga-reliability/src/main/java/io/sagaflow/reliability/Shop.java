package io.sagaflow.reliability;

import io.sagaflow.CommandContext;
import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaDefinition;
import io.sagaflow.jdbc.JdbcParticipantInbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The shop the harness runs: an order saga over three participants, each keeping its ledger in its own schema,
 * in the inbox's transaction. Reserve stock (compensated by a release), charge the payment (the pivot; every
 * fifth order is declined), notify the customer (retried until done).
 *
 * <p>Every change is idempotent per order, so a retried attempt (a new message id) changes nothing twice; the
 * {@code handled} table records each run of a handler, so a message processed twice would show.
 */
final class Shop {
    static final String SAGA = "place-order";
    static final String SKU = "apple";
    static final long INITIAL_STOCK = 100_000_000L;
    static final long PAYMENT_LIMIT = 1_000;

    record Order(String orderId, int quantity, long amount) {
    }

    record ReserveStock(String orderId, int quantity) {
    }

    record StockReserved(String orderId) {
    }

    record ReleaseStock(String orderId, int quantity) {
    }

    record StockReleased(String orderId) {
    }

    record ChargePayment(String orderId, long amount) {
    }

    record PaymentCharged(String orderId) {
    }

    record NotifyCustomer(String orderId) {
    }

    record CustomerNotified(String orderId) {
    }

    private Shop() {
    }

    /** @param n the order number @return order {@code n}; every fifth is over the payment limit */
    static Order order(long n) {
        return new Order("order-" + n, 1 + (int) (n % 3), declined(n) ? 5_000 : 100 + n % 800);
    }

    static boolean declined(long n) {
        return n % 5 == 0;
    }

    static SagaDefinition<Order> definition(Duration timeout) {
        RetryPolicy retry = RetryPolicy.forever().withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));
        return SagaDefinition.builder(SAGA, Order.class)
                .step("reserve-stock")
                .invokeParticipant("inventory", o -> new ReserveStock(o.orderId(), o.quantity()))
                .onReply(StockReserved.class, (o, r) -> o)
                .withCompensation("inventory", o -> new ReleaseStock(o.orderId(), o.quantity()))
                .timeout(timeout).retry(retry).compensationRetry(retry)
                .step("charge-payment")
                .invokeParticipant("payment", o -> new ChargePayment(o.orderId(), o.amount()))
                .onReply(PaymentCharged.class, (o, r) -> o)
                .timeout(timeout).retry(retry)
                .pivot()
                .step("notify-customer")
                .invokeParticipant("notification", o -> new NotifyCustomer(o.orderId()))
                .onReply(CustomerNotified.class, (o, r) -> o)
                .timeout(timeout).retry(retry)
                .retriable()
                .build();
    }

    static String[] inventoryTables(String schema) {
        return new String[] {
            "CREATE TABLE " + schema + ".stock (sku VARCHAR(50) PRIMARY KEY, available BIGINT NOT NULL)",
            "CREATE TABLE " + schema + ".reservation (order_id VARCHAR(50) PRIMARY KEY, quantity INTEGER NOT NULL,"
                    + " released BOOLEAN NOT NULL)",
            handledTable(schema),
            "INSERT INTO " + schema + ".stock (sku, available) VALUES ('" + SKU + "', " + INITIAL_STOCK + ")"};
    }

    static String[] paymentTables(String schema) {
        return new String[] {
            "CREATE TABLE " + schema + ".charge_key (order_id VARCHAR(50) PRIMARY KEY)",
            "CREATE TABLE " + schema + ".ledger (id BIGSERIAL PRIMARY KEY, order_id VARCHAR(50) NOT NULL,"
                    + " amount BIGINT NOT NULL)",
            handledTable(schema)};
    }

    static String[] notificationTables(String schema) {
        return new String[] {
            "CREATE TABLE " + schema + ".notice (order_id VARCHAR(50) PRIMARY KEY)",
            handledTable(schema)};
    }

    private static String handledTable(String schema) {
        return "CREATE TABLE " + schema + ".handled (message_id VARCHAR(200) NOT NULL, order_id VARCHAR(50) NOT NULL,"
                + " command VARCHAR(20) NOT NULL)";
    }

    static Participant inventory(JdbcParticipantInbox inbox, String schema) {
        return Participant.builder("inventory")
                .onCommand(ReserveStock.class, inbox.handler((command, context, c) -> {
                    handled(c, schema, context, command.orderId(), "reserve");
                    // A released tombstone (the compensation came first) makes a late reserve change nothing.
                    if (update(c, "INSERT INTO " + schema + ".reservation (order_id, quantity, released)"
                            + " VALUES (?, ?, FALSE) ON CONFLICT (order_id) DO NOTHING", command.orderId(),
                            command.quantity()) == 1) {
                        update(c, "UPDATE " + schema + ".stock SET available = available - ? WHERE sku = ?",
                                command.quantity(), SKU);
                    }
                    return CommandOutcome.success(new StockReserved(command.orderId()));
                }))
                .onCommand(ReleaseStock.class, inbox.handler((command, context, c) -> {
                    handled(c, schema, context, command.orderId(), "release");
                    while (true) {
                        if (update(c, "UPDATE " + schema + ".reservation SET released = TRUE WHERE order_id = ?"
                                + " AND released = FALSE", command.orderId()) == 1) {
                            update(c, "UPDATE " + schema + ".stock SET available = available + ? WHERE sku = ?",
                                    command.quantity(), SKU);
                            break;
                        }
                        if (update(c, "INSERT INTO " + schema + ".reservation (order_id, quantity, released)"
                                + " VALUES (?, ?, TRUE) ON CONFLICT (order_id) DO NOTHING", command.orderId(),
                                command.quantity()) == 1 || released(c, schema, command.orderId())) {
                            break;
                        }
                    }
                    return CommandOutcome.success(new StockReleased(command.orderId()));
                }))
                .build();
    }

    static Participant payment(JdbcParticipantInbox inbox, String schema) {
        return Participant.builder("payment")
                .onCommand(ChargePayment.class, inbox.handler((command, context, c) -> {
                    handled(c, schema, context, command.orderId(), "charge");
                    if (command.amount() > PAYMENT_LIMIT) {
                        return CommandOutcome.failure("payment of " + command.amount() + " for "
                                + command.orderId() + " declined: over the limit");
                    }
                    if (update(c, "INSERT INTO " + schema + ".charge_key (order_id) VALUES (?)"
                            + " ON CONFLICT (order_id) DO NOTHING", command.orderId()) == 1) {
                        update(c, "INSERT INTO " + schema + ".ledger (order_id, amount) VALUES (?, ?)",
                                command.orderId(), command.amount());
                    }
                    return CommandOutcome.success(new PaymentCharged(command.orderId()));
                }))
                .build();
    }

    static Participant notification(JdbcParticipantInbox inbox, String schema) {
        return Participant.builder("notification")
                .onCommand(NotifyCustomer.class, inbox.handler((command, context, c) -> {
                    handled(c, schema, context, command.orderId(), "notify");
                    update(c, "INSERT INTO " + schema + ".notice (order_id) VALUES (?) ON CONFLICT (order_id)"
                            + " DO NOTHING", command.orderId());
                    return CommandOutcome.success(new CustomerNotified(command.orderId()));
                }))
                .build();
    }

    private static void handled(Connection c, String schema, CommandContext context, String orderId, String command)
            throws SQLException {
        update(c, "INSERT INTO " + schema + ".handled (message_id, order_id, command) VALUES (?, ?, ?)",
                context.messageId(), orderId, command);
    }

    private static boolean released(Connection c, String schema, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT released FROM " + schema
                + ".reservation WHERE order_id = ?")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }
}
