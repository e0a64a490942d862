package io.sagaflow.jdbc;

import io.sagaflow.spi.SagaStore;
import io.sagaflow.spi.SagaStoreContract;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(RequiresPostgres.class)
class PostgresSagaStoreContractTest extends SagaStoreContract {
    @RegisterExtension
    static final ClassDatabase DATABASE = ClassDatabase.postgres();

    @Override
    protected SagaStore createStore() {
        return DATABASE.get().store(DATABASE.get().newSchema());
    }
}
