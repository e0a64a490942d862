package io.sagaflow.examples.monolith;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * The monolith, runnable: a small Spring context with one in-memory H2 database, a transaction manager and
 * {@link MonolithOrderService}, plus queries of its ledgers. Used as the reference the saga is compared with.
 *
 * <p>Thread-safe. Close it to drop the database.
 *
 * @since 0.1
 */
public final class Monolith implements AutoCloseable {
    private final AnnotationConfigApplicationContext context;
    private final JdbcTemplate jdbc;
    private final Map<String, Integer> initialStock;

    private Monolith(Map<String, Integer> initialStock, Set<String> declinedCustomers) {
        this.initialStock = Map.copyOf(initialStock);
        this.context = new AnnotationConfigApplicationContext();
        context.registerBean(Declined.class, () -> new Declined(Set.copyOf(declinedCustomers)));
        context.register(Wiring.class);
        context.refresh();
        this.jdbc = context.getBean(JdbcTemplate.class);
        jdbc.execute("CREATE TABLE stock (sku VARCHAR(64) PRIMARY KEY, available INT NOT NULL)");
        jdbc.execute("CREATE TABLE reservation (order_id VARCHAR(64) PRIMARY KEY, sku VARCHAR(64) NOT NULL,"
                + " quantity INT NOT NULL)");
        jdbc.execute("CREATE TABLE payment (order_id VARCHAR(64) PRIMARY KEY, customer VARCHAR(64) NOT NULL,"
                + " amount_cents BIGINT NOT NULL)");
        jdbc.execute("CREATE TABLE notification_outbox (order_id VARCHAR(64) PRIMARY KEY,"
                + " customer VARCHAR(64) NOT NULL)");
        reset();
    }

    /**
     * @param initialStock units per SKU
     * @param declinedCustomers customers whose card is declined
     * @return a running monolith on a fresh database
     */
    public static Monolith start(Map<String, Integer> initialStock, Set<String> declinedCustomers) {
        return new Monolith(initialStock, declinedCustomers);
    }

    /** @return the transactional service (a Spring proxy) */
    public MonolithOrderService orders() {
        return context.getBean(MonolithOrderService.class);
    }

    /** Empties every table and puts the initial stock back. */
    public void reset() {
        for (String table : new String[] {"stock", "reservation", "payment", "notification_outbox"}) {
            jdbc.update("DELETE FROM " + table);
        }
        initialStock.forEach((sku, units) -> jdbc.update("INSERT INTO stock (sku, available) VALUES (?, ?)", sku,
                units));
    }

    /** @return units available per SKU */
    public Map<String, Integer> stock() {
        Map<String, Integer> stock = new TreeMap<>();
        jdbc.query("SELECT sku, available FROM stock", rs -> {
            stock.put(rs.getString(1), rs.getInt(2));
        });
        return stock;
    }

    /** @return the orders holding stock */
    public Set<String> reservedOrders() {
        return new TreeSet<>(jdbc.queryForList("SELECT order_id FROM reservation", String.class));
    }

    /** @return the amount charged per order */
    public Map<String, Long> charges() {
        Map<String, Long> charges = new TreeMap<>();
        jdbc.query("SELECT order_id, amount_cents FROM payment", rs -> {
            charges.put(rs.getString(1), rs.getLong(2));
        });
        return charges;
    }

    /** @return the orders whose confirmation is queued */
    public Set<String> notifications() {
        return new TreeSet<>(jdbc.queryForList("SELECT order_id FROM notification_outbox", String.class));
    }

    @Override
    public void close() {
        jdbc.execute("SHUTDOWN");
        context.close();
    }

    /** Customers whose card is declined, as a bean. */
    record Declined(Set<String> customers) {
    }

    /** The monolith's Spring wiring: one database, one transaction manager, {@code @Transactional} proxies. */
    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class Wiring {
        @Bean
        DataSource monolithDataSource() {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:monolith-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            return h2;
        }

        @Bean
        JdbcTemplate monolithJdbc(DataSource monolithDataSource) {
            return new JdbcTemplate(monolithDataSource);
        }

        @Bean
        PlatformTransactionManager monolithTransactions(DataSource monolithDataSource) {
            return new DataSourceTransactionManager(monolithDataSource);
        }

        @Bean
        MonolithOrderService monolithOrderService(JdbcTemplate monolithJdbc, Declined declined) {
            return new MonolithOrderService(monolithJdbc, declined.customers());
        }
    }
}
