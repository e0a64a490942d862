package io.sagaflow.test;

import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaEngineConfig;
import io.sagaflow.SagaListener;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.SagaStore;
import io.sagaflow.spi.Subscription;
import java.util.List;

/**
 * One life of the orchestrator: an engine on its own views of the shared broker and store. When the crash plan
 * strikes, the generation dies: its store view refuses every call and its subscriptions refuse every delivery (the
 * broker delivers them again to the next generation), and the engine is closed in the background.
 */
final class Generation {
    private final int number;
    private final CrashingStore store;
    private final SagaEngine engine;

    Generation(int number, FaultyBroker broker, SagaStore sharedStore, CrashPlan plan, HarnessClock clock,
               SagaEngineConfig config, List<SagaDefinition<?>> definitions, SagaListener listener,
               java.util.function.Consumer<SimulatedCrash> onCrash) {
        this.number = number;
        this.store = new CrashingStore(sharedStore, plan, onCrash, broker);
        SagaEngine.Builder builder = SagaEngine.builder().broker(new View(broker)).store(store).clock(clock)
                .config(config).listener(listener);
        definitions.forEach(builder::register);
        this.engine = builder.build();
    }

    void start() {
        engine.start();
    }

    SagaEngine engine() {
        return engine;
    }

    int number() {
        return number;
    }

    /** Closes the engine without waiting: its store view is already dead, so it can change nothing. */
    void bury() {
        Thread.ofVirtual().name("sagaflow-test-bury-" + number).start(engine::close);
    }

    void close() {
        engine.close();
    }

    /** The engine's view of the broker: deliveries to a dead generation fail, so the broker redelivers them. */
    private final class View implements MessageBroker {
        private final FaultyBroker broker;

        View(FaultyBroker broker) {
            this.broker = broker;
        }

        @Override
        public void publish(List<Envelope> messages) {
            // Only the engine's outbox relay publishes.
            broker.publishRelayed(messages);
        }

        @Override
        public Subscription subscribe(Destination destination, String group, MessageHandler handler) {
            return broker.subscribe(destination, group, envelope -> {
                if (store.isDead()) {
                    throw new SagaHarnessException("orchestrator generation " + number + " has crashed; "
                            + envelope + " goes to the next one");
                }
                handler.handle(envelope);
            });
        }

        @Override
        public void close() {
            // the broker is shared by every generation; the harness closes it
        }
    }
}
