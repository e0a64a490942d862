package io.sagaflow.jdbc;

import io.sagaflow.spi.SagaStore;
import io.sagaflow.spi.SagaStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2SagaStoreContractTest extends SagaStoreContract {
    @RegisterExtension
    static final ClassDatabase DATABASE = ClassDatabase.h2("contract");

    @Override
    protected SagaStore createStore() {
        return DATABASE.get().store(DATABASE.get().newSchema());
    }
}
