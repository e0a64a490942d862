package io.sagaflow.examples.order;

import io.sagaflow.Participant;
import io.sagaflow.examples.order.Messages.OrderConfirmed;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The notification service, a non-critical one: it sends the customer's confirmation when the order-events topic
 * says an order was confirmed, recording one row per order in its own database (a repeated event sends nothing
 * twice). While it is down, confirmations wait in the broker and go out when it is back.
 *
 * <p>Thread-safe: all state is in the database.
 */
final class NotificationService {
    private final ServiceDatabase database;

    NotificationService(ServiceDatabase database) {
        this.database = database;
        database.inTransaction(c -> {
            InventoryService.execute(c, "CREATE TABLE IF NOT EXISTS notification (order_id VARCHAR(64) PRIMARY KEY,"
                    + " customer VARCHAR(64) NOT NULL)");
            return null;
        });
    }

    /** @return the service's own database */
    ServiceDatabase database() {
        return database;
    }

    /** @return the notification participant: an event handler on {@code order-events} */
    Participant participant() {
        return Participant.builder("notification")
                .onEvent("order-events", OrderConfirmed.class, this::send)
                .build();
    }

    void send(OrderConfirmed event) {
        database.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO notification (order_id, customer) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, event.orderId());
                insert.setString(2, event.customer());
                return insert.executeUpdate();
            }
        });
    }

    /** @return the orders whose confirmation was sent */
    Set<String> sent() {
        return database.inTransaction(c -> {
            Set<String> orders = new TreeSet<>();
            try (PreparedStatement query = c.prepareStatement("SELECT order_id FROM notification");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    orders.add(rows.getString(1));
                }
            }
            return orders;
        });
    }
}
