package io.sagaflow.jdbc;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Opens the embedded, file-based H2 database of {@link JdbcSagaStore#embedded}. Kept apart so that only this class
 * needs the optional H2 driver.
 */
final class EmbeddedH2 {
    private EmbeddedH2() {
    }

    /** A pool and how to close it. */
    record Database(DataSource dataSource, AutoCloseable closer) {
    }

    /** @return a pool on {@code <directory>/sagaflow.mv.db}, in PostgreSQL compatibility mode */
    static Database open(Path directory) {
        String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("sagaflow") + ";MODE=PostgreSQL";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        return new Database(pool, pool::dispose);
    }
}
