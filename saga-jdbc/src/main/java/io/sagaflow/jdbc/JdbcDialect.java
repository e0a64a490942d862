package io.sagaflow.jdbc;

import io.sagaflow.SagaException;
import io.sagaflow.SagaStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The databases the JDBC store and inbox run on. The dialect picks the schema scripts and the few statements that
 * differ: PostgreSQL wakes relays with {@code LISTEN/NOTIFY} and skips duplicate inbox rows with
 * {@code ON CONFLICT DO NOTHING}; H2 (the embedded, file-based default) relies on the in-process signal.
 *
 * @since 0.1
 */
public enum JdbcDialect {
    /** PostgreSQL 12 or newer. */
    POSTGRESQL("postgresql"),
    /** H2 2.x, embedded or server, in any compatibility mode. */
    H2("h2");

    private final String folder;

    JdbcDialect(String folder) {
        this.folder = folder;
    }

    /**
     * Reads the database product from the connection's metadata.
     *
     * @param dataSource the database
     * @return its dialect
     * @throws SagaStoreException if the database cannot be reached or is neither PostgreSQL nor H2
     */
    public static JdbcDialect detect(DataSource dataSource) {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw Sql.failure("cannot detect the database dialect", e);
        }
        String name = product.toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (name.equals("h2")) {
            return H2;
        }
        throw new SagaException("database '" + product + "' is not supported: Sagaflow's JDBC store runs on "
                + "PostgreSQL and H2; set the dialect explicitly if it is one of them under another name");
    }

    /** @return the resource folder of this dialect's schema scripts */
    String scriptFolder() {
        return "io/sagaflow/jdbc/" + folder + "/";
    }
}
