package io.sagaflow.inmemory;

import io.sagaflow.spi.SagaStore;
import io.sagaflow.spi.SagaStoreContract;

class InMemorySagaStoreContractTest extends SagaStoreContract {
    @Override
    protected SagaStore createStore() {
        return new InMemorySagaStore();
    }
}
