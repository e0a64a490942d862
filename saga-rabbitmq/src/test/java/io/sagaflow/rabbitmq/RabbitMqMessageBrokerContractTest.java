package io.sagaflow.rabbitmq;

import com.rabbitmq.client.GetResponse;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageBrokerContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The broker contract of saga-core, against the real RabbitMQ. */
@RequiresRabbitMq
class RabbitMqMessageBrokerContractTest extends MessageBrokerContract {
    private RabbitFixture rabbit;
    private RabbitMqMessageBroker broker;
    private final List<String> deadLetters = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        rabbit = new RabbitFixture();
        broker = rabbit.broker(rabbit.settings().deliveryLimit(3).prefetch(1).build());
    }

    @AfterEach
    void tearDown() throws Exception {
        rabbit.close();
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
    protected List<String> deadLetterReasons(Destination destination, String group) throws Exception {
        String dlq = Topology.deadLetterQueue(rabbit.queue(destination, group));
        GetResponse response;
        while ((response = rabbit.get(dlq)) != null) {
            deadLetters.add(response.getProps().getHeaders().get(QueueConsumer.DEAD_LETTER_REASON).toString());
        }
        return List.copyOf(deadLetters);
    }
}
