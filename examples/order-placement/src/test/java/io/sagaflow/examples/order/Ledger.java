package io.sagaflow.examples.order;

import io.sagaflow.examples.monolith.Monolith;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an order leaves behind, in the monolith's one database or across the services' databases: stock per SKU,
 * the orders holding stock, the amount charged per order, and the orders whose confirmation was sent.
 */
record Ledger(Map<String, Integer> stock, Set<String> reserved, Map<String, Long> charged, Set<String> notified) {
    Ledger {
        stock = new TreeMap<>(stock);
        reserved = new TreeSet<>(reserved);
        charged = new TreeMap<>(charged);
        notified = new TreeSet<>(notified);
    }

    static Ledger of(Monolith monolith) {
        return new Ledger(monolith.stock(), monolith.reservedOrders(), monolith.charges(), monolith.notifications());
    }
}
