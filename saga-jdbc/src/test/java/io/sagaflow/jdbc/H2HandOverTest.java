package io.sagaflow.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class H2HandOverTest extends HandOverTests {
    @TempDir
    static Path directory;
    private static TestDatabase database;

    @BeforeAll
    static void openDatabase() {
        database = TestDatabase.h2(directory, "hand-over");
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
