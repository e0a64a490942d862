package io.sagaflow.inmemory;

import io.sagaflow.spi.Destination;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageBrokerContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

class InMemoryMessageBrokerContractTest extends MessageBrokerContract {
    private final InMemoryMessageBroker broker = new InMemoryMessageBroker(3, Duration.ofMillis(10), 2, dispatch());

    /** @return how the broker under test hands messages on; a subclass runs the contract with the other */
    InMemoryMessageBroker.Dispatch dispatch() {
        return InMemoryMessageBroker.Dispatch.QUEUED;
    }

    @AfterEach
    void closeBroker() {
        broker.close();
    }

    @Override
    protected MessageBroker broker() {
        return broker;
    }

    @Override
    protected int deliveryLimit() {
        return 3;
    }

    @Override
    protected List<String> deadLetterReasons(Destination destination, String group) {
        return broker.deadLetters().stream()
                .filter(d -> d.envelope().destination().equals(destination) && d.group().equals(group))
                .map(DeadLetter::reason)
                .toList();
    }
}
