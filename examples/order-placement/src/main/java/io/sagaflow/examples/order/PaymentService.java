package io.sagaflow.examples.order;

import io.sagaflow.CommandContext;
import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.examples.order.Messages.ChargePayment;
import io.sagaflow.examples.order.Messages.PaymentCharged;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The payment service: one row per charge, in its own database, keyed by the command's idempotency key (saga and
 * step), which stays the same when the orchestrator retries the step. Declines the customers it is given.
 *
 * <p>Thread-safe: all state is in the database.
 */
final class PaymentService {
    private final ServiceDatabase database;
    private final Set<String> declinedCustomers;

    PaymentService(ServiceDatabase database, Set<String> declinedCustomers) {
        this.database = database;
        this.declinedCustomers = Set.copyOf(declinedCustomers);
        database.inTransaction(c -> {
            InventoryService.execute(c, "CREATE TABLE IF NOT EXISTS payment (charge_key VARCHAR(200) PRIMARY KEY,"
                    + " order_id VARCHAR(64) NOT NULL, customer VARCHAR(64) NOT NULL, amount_cents BIGINT NOT NULL)");
            return null;
        });
    }

    /** @return the service's own database */
    ServiceDatabase database() {
        return database;
    }

    /** @param transactions where the handler's transaction comes from @return the payment participant */
    Participant participant(HandlerTransactions transactions) {
        return Participant.builder("payment")
                .onCommand(ChargePayment.class, transactions.handler(this::charge))
                .build();
    }

    CommandOutcome charge(ChargePayment cmd, CommandContext ctx, Connection c) throws SQLException {
        if (declinedCustomers.contains(cmd.customer())) {
            return CommandOutcome.failure("card declined for " + cmd.customer());
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO payment (charge_key, order_id, customer,"
                + " amount_cents) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) { // a retried charge: charged once
            insert.setString(1, ctx.idempotencyKey());
            insert.setString(2, cmd.orderId());
            insert.setString(3, cmd.customer());
            insert.setLong(4, cmd.amountCents());
            insert.executeUpdate();
        }
        return CommandOutcome.success(new PaymentCharged("pay-" + cmd.orderId()));
    }

    /** @return the amount charged per order, summed over its charges */
    Map<String, Long> charges() {
        return database.inTransaction(c -> {
            Map<String, Long> charges = new TreeMap<>();
            try (PreparedStatement query = c.prepareStatement("SELECT order_id, amount_cents FROM payment");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    charges.merge(rows.getString(1), rows.getLong(2), Long::sum);
                }
            }
            return charges;
        });
    }

    /** @return how many charges each order has */
    Map<String, Integer> chargeCounts() {
        return database.inTransaction(c -> {
            Map<String, Integer> counts = new TreeMap<>();
            try (PreparedStatement query = c.prepareStatement("SELECT order_id FROM payment");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.merge(rows.getString(1), 1, Integer::sum);
                }
            }
            return counts;
        });
    }
}
