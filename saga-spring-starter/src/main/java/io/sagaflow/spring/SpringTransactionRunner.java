package io.sagaflow.spring;

import io.sagaflow.SagaException;
import io.sagaflow.jdbc.TransactionCallback;
import io.sagaflow.jdbc.TransactionRunner;
import java.sql.Connection;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the JDBC inbox's transactions under the application's transaction manager: the work gets the connection
 * Spring bound to the transaction ({@link DataSourceUtils}), so the inbox row, the handler's business change through
 * {@code JdbcTemplate} (or anything else using that {@code DataSource} the Spring way) and the reply in the outbox
 * commit or roll back together. Joins a transaction already in progress.
 *
 * <p>Thread-safe. Throws {@link SagaflowConfigurationException} when the transaction manager does not manage this
 * data source (the work would otherwise run in auto-commit, without the guarantee).
 */
final class SpringTransactionRunner implements TransactionRunner {
    private final DataSource dataSource;
    private final TransactionTemplate transactions;

    SpringTransactionRunner(DataSource dataSource, TransactionTemplate transactions) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    @Override
    public <T> T inTransaction(TransactionCallback<T> work) throws Exception {
        try {
            return transactions.execute(status -> {
                Connection connection = DataSourceUtils.getConnection(dataSource);
                try {
                    if (!DataSourceUtils.isConnectionTransactional(connection, dataSource)) {
                        throw new SagaflowConfigurationException("the transaction manager "
                                + transactions.getTransactionManager() + " does not manage the DataSource of "
                                + "Sagaflow's JDBC inbox, so commands would not run in one transaction: use a "
                                + "DataSourceTransactionManager (or JPA's) on that DataSource");
                    }
                    return work.doInTransaction(connection);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    // TransactionTemplate rolls back on unchecked exceptions only: carry the checked one out.
                    throw new CheckedFailure(e);
                } finally {
                    DataSourceUtils.releaseConnection(connection, dataSource);
                }
            });
        } catch (CheckedFailure e) {
            throw e.failure;
        }
    }

    /** Carries the work's checked exception through the transaction callback; never escapes this class. */
    private static final class CheckedFailure extends SagaException {
        private static final long serialVersionUID = 1L;
        private final transient Exception failure;

        CheckedFailure(Exception failure) {
            super("inbox work failed in a transaction", failure);
            this.failure = failure;
        }
    }
}
