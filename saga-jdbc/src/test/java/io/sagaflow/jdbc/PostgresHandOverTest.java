package io.sagaflow.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RequiresPostgres.class)
class PostgresHandOverTest extends HandOverTests {
    private static TestDatabase database;

    @BeforeAll
    static void openDatabase() {
        database = TestDatabase.postgres();
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @Override
    TestDatabase database() {
        return database;
    }
}
