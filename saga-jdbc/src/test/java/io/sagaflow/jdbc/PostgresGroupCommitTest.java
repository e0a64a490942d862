package io.sagaflow.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RequiresPostgres.class)
class PostgresGroupCommitTest extends GroupCommitTests {
    private static TestDatabase database;

    @BeforeAll
    static void openDatabase() {
        database = TestDatabase.postgres(24);
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
