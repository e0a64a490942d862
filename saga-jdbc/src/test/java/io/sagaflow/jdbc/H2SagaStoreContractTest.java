package io.sagaflow.jdbc;

import io.sagaflow.spi.SagaStore;
import io.sagaflow.spi.SagaStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class H2SagaStoreContractTest extends SagaStoreContract {
    @TempDir
    static Path directory;
    private static TestDatabase database;

    @BeforeAll
    static void openDatabase() {
        database = TestDatabase.h2(directory, "contract");
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @Override
    protected SagaStore createStore() {
        return database.store(database.newSchema());
    }
}
