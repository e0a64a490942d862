package io.sagaflow.examples.order;

import io.sagaflow.CommandContext;
import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.examples.order.Messages.ReleaseStock;
import io.sagaflow.examples.order.Messages.ReserveStock;
import io.sagaflow.examples.order.Messages.StockReserved;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The inventory service: stock per SKU and one reservation row per order, in its own database. Reserving and
 * releasing are idempotent per order, and a release that arrives before (or instead of) its reservation leaves a
 * RELEASED marker so that a late reservation changes nothing.
 *
 * <p>Thread-safe: all state is in the database.
 */
final class InventoryService {
    private final ServiceDatabase database;

    InventoryService(ServiceDatabase database, Map<String, Integer> initialStock) {
        this.database = database;
        database.inTransaction(c -> {
            execute(c, "CREATE TABLE IF NOT EXISTS stock (sku VARCHAR(64) PRIMARY KEY, available INT NOT NULL)");
            execute(c, "CREATE TABLE IF NOT EXISTS reservation (order_id VARCHAR(64) PRIMARY KEY,"
                    + " sku VARCHAR(64) NOT NULL, quantity INT NOT NULL, status VARCHAR(16) NOT NULL)");
            for (Map.Entry<String, Integer> item : initialStock.entrySet()) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO stock (sku, available) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                    insert.setString(1, item.getKey());
                    insert.setInt(2, item.getValue());
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    /** @return the service's own database */
    ServiceDatabase database() {
        return database;
    }

    /** @param transactions where the handlers' transaction comes from @return the inventory participant */
    Participant participant(HandlerTransactions transactions) {
        return Participant.builder("inventory")
                .onCommand(ReserveStock.class, transactions.handler(this::reserve))
                .onCommand(ReleaseStock.class, transactions.handler(this::release))
                .build();
    }

    CommandOutcome reserve(ReserveStock cmd, CommandContext ctx, Connection c) throws SQLException {
        String status = reservationStatus(c, cmd.orderId());
        if ("RESERVED".equals(status)) {
            return CommandOutcome.success(new StockReserved("res-" + cmd.orderId())); // asked again: reserved once
        }
        if ("RELEASED".equals(status)) {
            return CommandOutcome.failure("order " + cmd.orderId() + " was cancelled before its stock was reserved");
        }
        try (PreparedStatement take = c.prepareStatement(
                "UPDATE stock SET available = available - ? WHERE sku = ? AND available >= ?")) {
            take.setInt(1, cmd.quantity());
            take.setString(2, cmd.sku());
            take.setInt(3, cmd.quantity());
            if (take.executeUpdate() == 0) {
                return CommandOutcome.failure("out of stock: " + cmd.sku() + " has " + available(c, cmd.sku())
                        + ", order " + cmd.orderId() + " needs " + cmd.quantity());
            }
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO reservation (order_id, sku, quantity, status) VALUES (?, ?, ?, 'RESERVED')")) {
            insert.setString(1, cmd.orderId());
            insert.setString(2, cmd.sku());
            insert.setInt(3, cmd.quantity());
            insert.executeUpdate();
        }
        return CommandOutcome.success(new StockReserved("res-" + cmd.orderId()));
    }

    CommandOutcome release(ReleaseStock cmd, CommandContext ctx, Connection c) throws SQLException {
        try (PreparedStatement mark = c.prepareStatement(
                "UPDATE reservation SET status = 'RELEASED' WHERE order_id = ? AND status = 'RESERVED'")) {
            mark.setString(1, cmd.orderId());
            if (mark.executeUpdate() == 1) {
                try (PreparedStatement giveBack = c.prepareStatement("UPDATE stock SET available = available"
                        + " + (SELECT quantity FROM reservation WHERE order_id = ?)"
                        + " WHERE sku = (SELECT sku FROM reservation WHERE order_id = ?)")) {
                    giveBack.setString(1, cmd.orderId());
                    giveBack.setString(2, cmd.orderId());
                    giveBack.executeUpdate();
                }
                return CommandOutcome.success();
            }
        }
        // Released twice, or before the reservation: leave a marker so that a late reservation changes nothing.
        try (PreparedStatement marker = c.prepareStatement("INSERT INTO reservation (order_id, sku, quantity, status)"
                + " VALUES (?, '', 0, 'RELEASED') ON CONFLICT DO NOTHING")) {
            marker.setString(1, cmd.orderId());
            marker.executeUpdate();
        }
        return CommandOutcome.success();
    }

    /** @return units available per SKU */
    Map<String, Integer> stock() {
        return database.inTransaction(c -> {
            Map<String, Integer> stock = new LinkedHashMap<>();
            try (PreparedStatement query = c.prepareStatement("SELECT sku, available FROM stock ORDER BY sku");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stock.put(rows.getString(1), rows.getInt(2));
                }
            }
            return stock;
        });
    }

    /** @return the orders holding stock */
    Set<String> reservedOrders() {
        return database.inTransaction(c -> {
            Set<String> orders = new TreeSet<>();
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT order_id FROM reservation WHERE status = 'RESERVED'");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    orders.add(rows.getString(1));
                }
            }
            return orders;
        });
    }

    private static String reservationStatus(Connection c, String orderId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT status FROM reservation WHERE order_id = ?")) {
            query.setString(1, orderId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : "NONE";
            }
        }
    }

    private static int available(Connection c, String sku) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT available FROM stock WHERE sku = ?")) {
            query.setString(1, sku);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getInt(1) : 0;
            }
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
