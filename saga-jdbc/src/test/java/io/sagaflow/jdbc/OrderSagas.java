package io.sagaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.CommandContext;
import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaStatus;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.SagaStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The order saga the durability tests run: reserve stock (compensated by releasing it), then charge the payment
 * (the pivot, refused above {@link #PAYMENT_LIMIT}). Participants keep ledgers in their own schemas and make every
 * change idempotent per order, so a retried attempt (a new message id after a timeout) does not apply twice; the
 * {@code handled} ledger records every run of a handler, so a command processed twice would show.
 */
final class OrderSagas {
    static final long PAYMENT_LIMIT = 1_000;
    static final String SKU = "apple";
    static final int INITIAL_STOCK = 1_000_000;

    record Order(String orderId, String sku, int quantity, long amount) {
        SagaStatus expected() {
            return amount > PAYMENT_LIMIT ? SagaStatus.COMPENSATED : SagaStatus.COMPLETED;
        }
    }

    record ReserveStock(String orderId, String sku, int quantity) {
    }

    record StockReserved(String orderId) {
    }

    record ReleaseStock(String orderId, String sku, int quantity) {
    }

    record StockReleased(String orderId) {
    }

    record ChargePayment(String orderId, long amount) {
    }

    record PaymentCharged(String orderId) {
    }

    private OrderSagas() {
    }

    /** @return order {@code i}: every fourth is over the payment limit and compensates */
    static Order order(int i) {
        return new Order("order-" + i, SKU, 1 + i % 3, i % 4 == 0 ? 5_000 : 100 + i);
    }

    static SagaDefinition<Order> definition(Duration timeout) {
        RetryPolicy retry = RetryPolicy.attempts(100).withBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
        return SagaDefinition.builder("place-order", Order.class)
                .step("reserve-stock")
                .invokeParticipant("inventory", o -> new ReserveStock(o.orderId(), o.sku(), o.quantity()))
                .onReply(StockReserved.class, (o, r) -> o)
                .withCompensation("inventory", o -> new ReleaseStock(o.orderId(), o.sku(), o.quantity()))
                .timeout(timeout).retry(retry).compensationRetry(retry)
                .step("charge-payment")
                .invokeParticipant("payment", o -> new ChargePayment(o.orderId(), o.amount()))
                .onReply(PaymentCharged.class, (o, r) -> o)
                .timeout(timeout).retry(retry)
                .pivot()
                .build();
    }

    static void createInventory(DataSource dataSource, String schema) throws SQLException {
        execute(dataSource,
                "CREATE TABLE " + schema + ".stock (sku VARCHAR(50) PRIMARY KEY, available INTEGER NOT NULL)",
                "CREATE TABLE " + schema + ".reservation (order_id VARCHAR(50) PRIMARY KEY, quantity INTEGER NOT NULL,"
                        + " released BOOLEAN NOT NULL)",
                "CREATE TABLE " + schema + ".handled (message_id VARCHAR(200) NOT NULL, order_id VARCHAR(50) NOT NULL,"
                        + " command VARCHAR(50) NOT NULL)",
                "INSERT INTO " + schema + ".stock (sku, available) VALUES ('" + SKU + "', " + INITIAL_STOCK + ")");
    }

    static void createPayment(DataSource dataSource, String schema) throws SQLException {
        execute(dataSource,
                "CREATE TABLE " + schema + ".charge (order_id VARCHAR(50) PRIMARY KEY, amount BIGINT NOT NULL)",
                "CREATE TABLE " + schema + ".handled (message_id VARCHAR(200) NOT NULL, order_id VARCHAR(50) NOT NULL,"
                        + " command VARCHAR(50) NOT NULL)");
    }

    static Participant inventory(JdbcParticipantInbox inbox, String schema) {
        return Participant.builder("inventory")
                .onCommand(ReserveStock.class, inbox.handler((command, context, c) -> {
                    handled(c, schema, context, command.orderId(), "reserve");
                    if (update(c, "INSERT INTO " + schema + ".reservation (order_id, quantity, released) VALUES (?, ?,"
                            + " FALSE) ON CONFLICT (order_id) DO NOTHING", command.orderId(), command.quantity()) == 1) {
                        update(c, "UPDATE " + schema + ".stock SET available = available - ? WHERE sku = ?",
                                command.quantity(), command.sku());
                    }
                    return CommandOutcome.success(new StockReserved(command.orderId()));
                }))
                .onCommand(ReleaseStock.class, inbox.handler((command, context, c) -> {
                    handled(c, schema, context, command.orderId(), "release");
                    // Release a reservation, or leave a released tombstone so a late reserve changes nothing.
                    while (true) {
                        if (update(c, "UPDATE " + schema + ".reservation SET released = TRUE WHERE order_id = ? AND"
                                + " released = FALSE", command.orderId()) == 1) {
                            update(c, "UPDATE " + schema + ".stock SET available = available + ? WHERE sku = ?",
                                    command.quantity(), command.sku());
                            break;
                        }
                        if (update(c, "INSERT INTO " + schema + ".reservation (order_id, quantity, released) VALUES"
                                + " (?, ?, TRUE) ON CONFLICT (order_id) DO NOTHING", command.orderId(),
                                command.quantity()) == 1 || alreadyReleased(c, schema, command.orderId())) {
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
                        return CommandOutcome.failure("amount " + command.amount() + " is over the limit");
                    }
                    update(c, "INSERT INTO " + schema + ".charge (order_id, amount) VALUES (?, ?)"
                            + " ON CONFLICT (order_id) DO NOTHING", command.orderId(), command.amount());
                    return CommandOutcome.success(new PaymentCharged(command.orderId()));
                }))
                .build();
    }

    /**
     * Checks every saga ended as its input says, the stock balances, no compensated order holds stock or was
     * charged, and no command message was handled twice.
     */
    static void verify(SagaStore store, List<Order> orders, DataSource inventory, String inventorySchema,
                       DataSource payment, String paymentSchema) throws SQLException {
        long expectedStock = INITIAL_STOCK;
        for (Order order : orders) {
            SagaRecord saga = store.findByBusinessKey("place-order", order.orderId()).orElseThrow(
                    () -> new AssertionError("no saga for " + order.orderId()));
            assertThat(saga.status()).as("saga of %s", order.orderId()).isEqualTo(order.expected());
            String reservation = queryString(inventory, "SELECT released FROM " + inventorySchema
                    + ".reservation WHERE order_id = ?", order.orderId());
            long charges = count(payment, "SELECT COUNT(*) FROM " + paymentSchema + ".charge WHERE order_id = ?",
                    order.orderId());
            if (order.expected() == SagaStatus.COMPLETED) {
                assertThat(reservation).as("reservation of %s", order.orderId()).isIn("false", "FALSE", "f");
                assertThat(charges).as("charges of %s", order.orderId()).isEqualTo(1);
                expectedStock -= order.quantity();
            } else {
                assertThat(reservation).as("reservation of %s", order.orderId()).isNotIn("false", "FALSE", "f");
                assertThat(charges).as("charges of %s", order.orderId()).isZero();
            }
        }
        assertThat(count(inventory, "SELECT available FROM " + inventorySchema + ".stock WHERE sku = ?", SKU))
                .as("stock left").isEqualTo(expectedStock);
        for (String ledger : List.of(inventorySchema + ".handled", paymentSchema + ".handled")) {
            DataSource dataSource = ledger.startsWith(inventorySchema) ? inventory : payment;
            assertThat(count(dataSource, "SELECT COUNT(*) FROM (SELECT message_id FROM " + ledger
                    + " GROUP BY message_id HAVING COUNT(*) > 1) twice")).as("messages handled twice in " + ledger)
                    .isZero();
        }
    }

    private static void handled(Connection c, String schema, CommandContext context, String orderId, String command)
            throws SQLException {
        update(c, "INSERT INTO " + schema + ".handled (message_id, order_id, command) VALUES (?, ?, ?)",
                context.messageId(), orderId, command);
    }

    private static boolean alreadyReleased(Connection c, String schema, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT released FROM " + schema
                + ".reservation WHERE order_id = ?")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    private static void execute(DataSource dataSource, String... statements) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static long count(DataSource dataSource, String sql, Object... params) throws SQLException {
        String value = queryString(dataSource, sql, params);
        return value == null ? 0 : Long.parseLong(value);
    }

    private static String queryString(DataSource dataSource, String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** @return the orders 0 to n - 1 */
    static List<Order> orders(int n) {
        List<Order> orders = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            orders.add(order(i));
        }
        return orders;
    }
}
