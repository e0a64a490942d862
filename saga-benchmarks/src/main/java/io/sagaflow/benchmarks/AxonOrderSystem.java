package io.sagaflow.benchmarks;

import io.sagaflow.benchmarks.AxonMessages.OrderPlaced;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.modelling.saga.repository.inmemory.InMemorySagaStore;

/**
 * The order workload on Axon Framework 4: {@link AxonOrderSaga} in an {@link InMemorySagaStore}, a subscribing event
 * processor on a {@link SimpleEventBus}, a {@link SimpleCommandBus}, and {@link AxonParticipants} publishing events.
 * Everything runs on the thread that publishes {@code OrderPlaced}: Axon's in-memory setup has no queues.
 */
final class AxonOrderSystem implements OrderSystem {
    private final Ledger ledger = new Ledger();
    private final Settlements settlements = new Settlements();
    private final Configuration configuration;

    AxonOrderSystem() {
        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .configureEventBus(c -> SimpleEventBus.builder().build())
                .configureCommandBus(c -> SimpleCommandBus.builder().build())
                .registerComponent(Settlements.class, c -> settlements)
                .registerCommandHandler(c -> new AxonParticipants(c.eventBus(), ledger));
        configurer.eventProcessing(processing -> processing
                .usingSubscribingEventProcessors()
                .registerSaga(AxonOrderSaga.class, saga -> saga.configureSagaStore(c -> new InMemorySagaStore())));
        this.configuration = configurer.buildConfiguration();
        configuration.start();
    }

    @Override
    public String name() {
        return "Axon 4.13";
    }

    @Override
    public void place(Ticket ticket) {
        String orderId = "o-" + ticket.orderNo();
        settlements.pending.put(orderId, ticket);
        configuration.eventBus().publish(GenericEventMessage.asEventMessage(
                new OrderPlaced(orderId, ticket.orderNo(), 1_999)));
    }

    @Override
    public Ledger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        configuration.shutdown();
    }

    /** Tells the driver's tickets when the saga ends; injected into {@link AxonOrderSaga}. */
    static final class Settlements {
        private final ConcurrentHashMap<String, Ticket> pending = new ConcurrentHashMap<>();

        void settled(String orderId, boolean compensated) {
            Ticket ticket = pending.remove(orderId);
            if (ticket == null) {
                throw new IllegalStateException("order " + orderId + " settled twice or was never placed");
            }
            ticket.settled(compensated);
        }
    }
}
