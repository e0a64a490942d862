package io.sagaflow.jdbc;

import io.sagaflow.spi.SagaStore;
import io.sagaflow.spi.SagaStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RequiresPostgres.class)
class PostgresSagaStoreContractTest extends SagaStoreContract {
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
    protected SagaStore createStore() {
        return database.store(database.newSchema());
    }
}
