package io.sagaflow.inmemory;

/** The broker contract again, for the in-memory broker with {@link InMemoryMessageBroker.Dispatch#DIRECT}. */
class InMemoryDirectBrokerContractTest extends InMemoryMessageBrokerContractTest {
    @Override
    InMemoryMessageBroker.Dispatch dispatch() {
        return InMemoryMessageBroker.Dispatch.DIRECT;
    }
}
