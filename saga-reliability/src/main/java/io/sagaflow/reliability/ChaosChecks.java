package io.sagaflow.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The end-of-run checks of a chaos run, in SQL over the orchestrators' and participants' schemas: every order's
 * saga ended as its input says, no saga FAILED, the ledgers balance, every outbox is drained, no command message
 * was processed twice. Each check that does not hold adds a line naming what and how many.
 */
final class ChaosChecks {
    private final DataSource db;
    private final Schemas s;

    /** The run's schemas. */
    record Schemas(String saga, String inventory, String payment, String notification) {
        List<String> all() {
            return List.of(saga, inventory, payment, notification);
        }
    }

    ChaosChecks(DataSource db, Schemas schemas) {
        this.db = db;
        this.s = schemas;
    }

    long settled() throws SQLException {
        return count("SELECT COUNT(*) FROM " + s.saga() + ".sagaflow_saga WHERE status IN ('COMPLETED', 'COMPENSATED',"
                + " 'FAILED')");
    }

    Map<String, Long> statusCounts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM "
                + s.saga() + ".sagaflow_saga GROUP BY status ORDER BY status"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    /** @return saga durations (creation to last update) in ms: p50, p95, p99, max */
    double[] durations() throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY d), percentile_cont(0.95) WITHIN GROUP (ORDER BY d),"
                + " percentile_cont(0.99) WITHIN GROUP (ORDER BY d), MAX(d) FROM (SELECT (updated_at - created_at)"
                + " / 1e6 AS d FROM " + s.saga() + ".sagaflow_saga) x"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)};
        }
    }

    /** @return the handler runs beyond one per order and command: retried attempts and duplicates */
    long extraHandlerRuns() throws SQLException {
        long extra = 0;
        for (String schema : List.of(s.inventory(), s.payment(), s.notification())) {
            extra += count("SELECT COUNT(*) - COUNT(DISTINCT (order_id, command)) FROM " + schema + ".handled");
        }
        return extra;
    }

    List<String> violations(long orders) throws SQLException {
        List<String> problems = new ArrayList<>();
        String saga = s.saga() + ".sagaflow_saga";
        String expected = "CASE WHEN o.n % 5 = 0 THEN 'COMPENSATED' ELSE 'COMPLETED' END";
        check(problems, "orders inserted", count("SELECT COUNT(*) FROM " + s.saga() + ".orders"), orders);
        check(problems, "orders without a saga", count("SELECT COUNT(*) FROM " + s.saga() + ".orders o LEFT JOIN "
                + saga + " g ON g.business_key = o.order_id WHERE g.id IS NULL"), 0);
        check(problems, "sagas not ended as their order says", count("SELECT COUNT(*) FROM " + s.saga()
                + ".orders o JOIN " + saga + " g ON g.business_key = o.order_id WHERE g.status <> " + expected), 0);
        check(problems, "FAILED sagas", count("SELECT COUNT(*) FROM " + saga + " WHERE status = 'FAILED'"), 0);
        check(problems, "sagas", count("SELECT COUNT(*) FROM " + saga), orders);
        // Payment: charged once for every completed order, never for another.
        check(problems, "charges of orders whose saga did not complete", count("SELECT COUNT(*) FROM " + s.payment()
                + ".ledger l LEFT JOIN " + saga + " g ON g.business_key = l.order_id"
                + " WHERE g.status IS DISTINCT FROM 'COMPLETED'"), 0);
        check(problems, "orders charged more than once", count("SELECT COUNT(*) FROM (SELECT order_id FROM "
                + s.payment() + ".ledger GROUP BY order_id HAVING COUNT(*) > 1) x"), 0);
        check(problems, "completed orders not charged", count("SELECT COUNT(*) FROM " + saga + " g LEFT JOIN "
                + s.payment() + ".ledger l ON l.order_id = g.business_key WHERE g.status = 'COMPLETED'"
                + " AND l.order_id IS NULL"), 0);
        // Inventory: stock held exactly for completed orders, and the counter agrees.
        check(problems, "stock left reserved for orders whose saga did not complete", count("SELECT COUNT(*) FROM "
                + s.inventory() + ".reservation r LEFT JOIN " + saga + " g ON g.business_key = r.order_id"
                + " WHERE NOT r.released AND g.status IS DISTINCT FROM 'COMPLETED'"), 0);
        check(problems, "completed orders without reserved stock", count("SELECT COUNT(*) FROM " + saga
                + " g LEFT JOIN " + s.inventory() + ".reservation r ON r.order_id = g.business_key"
                + " WHERE g.status = 'COMPLETED' AND (r.order_id IS NULL OR r.released)"), 0);
        check(problems, "stock counter minus what the reservations say", count("SELECT (SELECT available FROM "
                + s.inventory() + ".stock) - (" + Shop.INITIAL_STOCK + " - (SELECT COALESCE(SUM(quantity), 0) FROM "
                + s.inventory() + ".reservation WHERE NOT released))"), 0);
        // Notification: once for every completed order, never for a compensated one.
        check(problems, "notices for orders whose saga did not complete", count("SELECT COUNT(*) FROM "
                + s.notification() + ".notice n LEFT JOIN " + saga + " g ON g.business_key = n.order_id"
                + " WHERE g.status IS DISTINCT FROM 'COMPLETED'"), 0);
        check(problems, "completed orders without a notice", count("SELECT COUNT(*) FROM " + saga + " g LEFT JOIN "
                + s.notification() + ".notice n ON n.order_id = g.business_key WHERE g.status = 'COMPLETED'"
                + " AND n.order_id IS NULL"), 0);
        for (String schema : List.of(s.inventory(), s.payment(), s.notification())) {
            check(problems, "command messages processed twice in " + schema, count("SELECT COUNT(*) FROM (SELECT"
                    + " message_id FROM " + schema + ".handled GROUP BY message_id HAVING COUNT(*) > 1) x"), 0);
        }
        for (String schema : s.all()) {
            check(problems, "unsent outbox rows in " + schema, unsent(schema), 0);
        }
        return problems;
    }

    long unsent(String schema) throws SQLException {
        return count("SELECT COUNT(*) FROM " + schema + ".sagaflow_outbox WHERE sent_at IS NULL");
    }

    private static void check(List<String> problems, String what, long actual, long expected) {
        if (actual != expected) {
            problems.add(what + ": " + actual + ", expected " + expected);
        }
    }

    long count(String sql) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
