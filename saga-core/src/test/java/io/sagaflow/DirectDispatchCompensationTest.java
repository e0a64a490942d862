package io.sagaflow;

import io.sagaflow.inmemory.InMemoryMessageBroker;

/**
 * Every compensation scenario of {@link CompensationTest} again, on a broker that hands each message a handler
 * publishes to the next handler on the same thread ({@link InMemoryMessageBroker.Dispatch#DIRECT}): the outcome,
 * history and participant ledger must not depend on how messages travel.
 */
class DirectDispatchCompensationTest extends CompensationTest {
    @Override
    InMemoryMessageBroker.Dispatch dispatch() {
        return InMemoryMessageBroker.Dispatch.DIRECT;
    }
}
