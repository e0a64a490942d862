package io.sagaflow.examples.monolith;

import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * The monolith's order placement: one method, one database, one transaction. Reserve the stock, charge the card,
 * queue the confirmation in the outbox; if any of it fails, the database rolls all of it back. This is what the
 * place-order saga replaces once the services have their own databases and this transaction can no longer exist.
 *
 * <p>Thread-safe (the database serialises the stock update).
 *
 * @since 0.1
 */
public class MonolithOrderService {
    private final JdbcTemplate jdbc;
    private final Set<String> declinedCustomers;

    /**
     * @param jdbc the monolith's database
     * @param declinedCustomers customers whose card the payment provider declines
     */
    public MonolithOrderService(JdbcTemplate jdbc, Set<String> declinedCustomers) {
        this.jdbc = jdbc;
        this.declinedCustomers = Set.copyOf(declinedCustomers);
    }

    /**
     * Places an order, all or nothing.
     *
     * @param order the order
     * @throws OrderRejectedException if the item is out of stock or the card is declined; nothing was changed
     */
    @Transactional
    public void placeOrder(Order order) {
        // 1. Reserve inventory.
        int reserved = jdbc.update("UPDATE stock SET available = available - ? WHERE sku = ? AND available >= ?",
                order.quantity(), order.sku(), order.quantity());
        if (reserved == 0) {
            throw new OrderRejectedException("out of stock: " + order.sku() + ", order " + order.orderId()
                    + " needs " + order.quantity());
        }
        jdbc.update("INSERT INTO reservation (order_id, sku, quantity) VALUES (?, ?, ?)",
                order.orderId(), order.sku(), order.quantity());
        // 2. Charge the payment.
        if (declinedCustomers.contains(order.customer())) {
            throw new OrderRejectedException("card declined for " + order.customer()); // rolls back step 1
        }
        jdbc.update("INSERT INTO payment (order_id, customer, amount_cents) VALUES (?, ?, ?)",
                order.orderId(), order.customer(), order.amountCents());
        // 3. Publish the confirmation: a row in the outbox, sent by a mailer job.
        jdbc.update("INSERT INTO notification_outbox (order_id, customer) VALUES (?, ?)",
                order.orderId(), order.customer());
    }
}
