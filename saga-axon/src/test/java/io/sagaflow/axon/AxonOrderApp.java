package io.sagaflow.axon;

import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaEngineConfig;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.codec.JacksonMessageCodec;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.MessageBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.axonframework.common.configuration.AxonConfiguration;
import org.axonframework.messaging.commandhandling.configuration.CommandHandlingModule;
import org.axonframework.messaging.core.MessageType;
import org.axonframework.messaging.core.configuration.MessagingConfigurer;
import org.axonframework.messaging.eventhandling.EventSink;
import org.axonframework.messaging.eventhandling.GenericEventMessage;

/** One Axon application in one JVM: Axon's buses, the participants as Axon handlers, and Sagaflow on top. */
final class AxonOrderApp implements AutoCloseable {
    final OrderDomain.Inventory inventory;
    final OrderDomain.Payment payment = new OrderDomain.Payment();
    final OrderDomain.SagaProjection projection = new OrderDomain.SagaProjection();
    final InMemoryMessageBroker delegate = new InMemoryMessageBroker();
    final List<OrderDomain.OrderConfirmed> confirmations = new CopyOnWriteArrayList<>();
    final AxonConfiguration axon;
    final SagaEngine engine;

    AxonOrderApp(int stock, RetryPolicy paymentRetry) {
        this(stock, paymentRetry, Duration.ofSeconds(5), UnaryOperator.identity());
    }

    /**
     * @param replyTimeout every participant step's reply timeout
     * @param wrapDelegate wraps the delegate broker, e.g. to lose messages
     */
    AxonOrderApp(int stock, RetryPolicy paymentRetry, Duration replyTimeout,
                 UnaryOperator<MessageBroker> wrapDelegate) {
        inventory = new OrderDomain.Inventory("sku-1", stock);
        var placeOrder = OrderDomain.placeOrder(paymentRetry, replyTimeout);
        var codec = JacksonMessageCodec.ofDefaults();
        delegate.subscribe(Destination.events("order-events"), "test",
                e -> confirmations.add(codec.decode(e.payload(), OrderDomain.OrderConfirmed.class)));
        MessagingConfigurer configurer = MessagingConfigurer.create()
                .registerCommandHandlingModule(CommandHandlingModule.named("order-participants").commandHandlers()
                        .annotatedCommandHandlingComponent(c -> inventory)
                        .annotatedCommandHandlingComponent(c -> payment))
                .eventProcessing(ep -> ep.subscribing(s -> s.defaultProcessor("saga-projection",
                        c -> c.autodetected(cfg -> projection))));
        axon = SagaflowAxonConfigurer.create()
                .axonParticipants("inventory", "payment")
                .commandTypes(OrderDomain.ReserveStock.class, OrderDomain.ReleaseStock.class,
                        OrderDomain.ChargePayment.class)
                .saga(placeOrder)
                .startSaga(AxonSagaStarter.on(OrderDomain.OrderPlaced.class, placeOrder,
                        e -> new SagaStart<>(new OrderDomain.Order(e.orderId(), e.sku(), e.quantity(),
                                e.amountCents(), null, null), e.orderId())))
                .delegateBroker(c -> wrapDelegate.apply(delegate))
                .engine(b -> b.config(SagaEngineConfig.builder().timerPollInterval(Duration.ofMillis(20)).build()))
                .applyTo(configurer)
                .start();
        engine = axon.getComponent(SagaEngine.class);
    }

    static RetryPolicy fastRetries(int attempts) {
        return RetryPolicy.attempts(attempts).withBackoff(Duration.ofMillis(10), Duration.ofMillis(40));
    }

    SagaInstance run(OrderDomain.Order order) throws Exception {
        SagaId id = engine.startSaga(definition(), order, order.orderId());
        return engine.whenSettled(id).get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    io.sagaflow.SagaDefinition<OrderDomain.Order> definition() {
        return (io.sagaflow.SagaDefinition<OrderDomain.Order>) engine.definitions().iterator().next();
    }

    void publishOnAxon(Object event) throws Exception {
        publishOnAxon(new GenericEventMessage(new MessageType(event.getClass()), event));
    }

    void publishOnAxon(org.axonframework.messaging.eventhandling.EventMessage event) throws Exception {
        axon.getComponent(EventSink.class).publish(null, event).get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        axon.shutdown();
    }
}
