package io.sagaflow.spring;

/**
 * Settings of the JDBC saga store (module saga-jdbc), {@code sagaflow.jdbc.*}. The store is used when the
 * application has a {@code DataSource}.
 *
 * <p>A plain settings bean: bound once at startup.
 *
 * @since 0.1
 */
public class JdbcSettings {
    /** Default table name prefix. */
    public static final String DEFAULT_TABLE_PREFIX = "sagaflow_";

    /** Whether to create Sagaflow's tables at startup if they are missing. Off when a migration tool owns them. */
    private boolean createSchema = true;

    /** Prefix of Sagaflow's table names (sagas, outbox, inbox). */
    private String tablePrefix = DEFAULT_TABLE_PREFIX;

    /** @return whether tables are created at startup */
    public boolean isCreateSchema() {
        return createSchema;
    }

    /** @param createSchema whether tables are created at startup */
    public void setCreateSchema(boolean createSchema) {
        this.createSchema = createSchema;
    }

    /** @return the table prefix */
    public String getTablePrefix() {
        return tablePrefix;
    }

    /** @param tablePrefix the table prefix */
    public void setTablePrefix(String tablePrefix) {
        this.tablePrefix = tablePrefix;
    }
}
