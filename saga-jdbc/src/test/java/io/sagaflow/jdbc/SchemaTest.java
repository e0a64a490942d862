package io.sagaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema scripts: applied once per version, with a configurable schema and prefix, indexed for every query. */
class SchemaTest {
    @Test
    void createsTheTablesOnceAndRecordsTheVersionOnH2(@TempDir Path directory) {
        try (TestDatabase database = TestDatabase.h2(directory, "schema")) {
            String schema = database.newSchema();
            buildTwice(database, schema);

            assertThat(database.count("SELECT COUNT(*) FROM " + schema + ".orders_schema_version"))
                    .isEqualTo(SchemaMigrator.latestVersion(database.dialect));
            assertThat(database.count("SELECT MAX(version) FROM " + schema + ".orders_schema_version"))
                    .isEqualTo(SchemaMigrator.latestVersion(JdbcDialect.H2));
            assertThat(database.count("SELECT COUNT(*) FROM " + schema + ".orders_saga")).isZero();
            assertThat(database.count("SELECT COUNT(*) FROM " + schema + ".orders_inbox")).isZero();
        }
    }

    @Test
    void createsTheTablesAndEveryIndexOnceOnPostgres() {
        RequiresPostgres.assumeAvailable();
        try (TestDatabase database = TestDatabase.postgres(4)) {
            String schema = database.newSchema();
            buildTwice(database, schema);

            assertThat(database.count("SELECT COUNT(*) FROM " + schema + ".orders_schema_version"))
                    .isEqualTo(SchemaMigrator.latestVersion(database.dialect));
            for (String index : List.of("orders_saga_pk", "orders_saga_business_key", "orders_saga_wake_at",
                    "orders_saga_created", "orders_saga_type_created", "orders_saga_status_created",
                    "orders_saga_status_updated", "orders_outbox_pk", "orders_outbox_unsent",
                    "orders_outbox_unsent_saga", "orders_outbox_sent_at", "orders_inbox_pk",
                    "orders_inbox_received")) {
                assertThat(database.count("SELECT COUNT(*) FROM pg_indexes WHERE schemaname = '" + schema
                        + "' AND indexname = '" + index + "'")).as(index).isEqualTo(1);
            }
        }
    }

    @Test
    void shipsAScriptPerDialectWithPlaceholdersForFlywayAndLiquibaseUsers() {
        for (JdbcDialect dialect : JdbcDialect.values()) {
            String script = SchemaMigrator.script(dialect, 1, new TableNames(null, "sagaflow_"));

            assertThat(script).as(dialect.name()).contains("CREATE TABLE sagaflow_saga", "CREATE TABLE sagaflow_outbox",
                    "CREATE TABLE sagaflow_inbox").doesNotContain("${");
            assertThat(SchemaMigrator.statements(script)).as(dialect.name())
                    .allSatisfy(sql -> assertThat(sql).doesNotContain(";").doesNotStartWith("--"));
        }
    }

    @Test
    void refusesSchemaAndPrefixThatAreNotPlainIdentifiers(@TempDir Path directory) {
        try (TestDatabase database = TestDatabase.h2(directory, "names")) {
            assertThatThrownBy(() -> JdbcSagaStore.builder(database.dataSource).schema("x; DROP TABLE y").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x; DROP TABLE y");
            assertThatThrownBy(() -> JdbcSagaStore.builder(database.dataSource).tablePrefix("a-b").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a-b'");
        }
    }

    private static void buildTwice(TestDatabase database, String schema) {
        for (int i = 0; i < 2; i++) {
            JdbcSagaStore.builder(database.dataSource).schema(schema).tablePrefix("orders_").createSchema(true)
                    .build().close();
            JdbcParticipantInbox.builder(database.dataSource).schema(schema).tablePrefix("orders_")
                    .createSchema(true).build().close();
        }
    }
}
