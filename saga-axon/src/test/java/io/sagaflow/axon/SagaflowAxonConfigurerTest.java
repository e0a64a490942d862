package io.sagaflow.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaDefinitionException;
import io.sagaflow.SagaEngine;
import org.axonframework.common.configuration.AxonConfiguration;
import org.axonframework.messaging.core.configuration.MessagingConfigurer;
import org.junit.jupiter.api.Test;

/** The Axon configuration API wiring: what it checks and what it registers. */
class SagaflowAxonConfigurerTest {

    @Test
    void refusesAConfigurationWithoutSagaOrAxonParticipant() {
        assertThatThrownBy(() -> SagaflowAxonConfigurer.create().axonParticipants("inventory")
                .applyTo(MessagingConfigurer.create()))
                .isInstanceOf(SagaDefinitionException.class).hasMessageContaining("at least one saga");
        assertThatThrownBy(() -> SagaflowAxonConfigurer.create().saga(OrderDomain.placeOrder(RetryPolicy.none()))
                .applyTo(MessagingConfigurer.create()))
                .isInstanceOf(SagaDefinitionException.class).hasMessageContaining("at least one participant");
    }

    @Test
    void registersTheEngineAndBrokerAsAxonComponentsAndClosesThemWithAxon() {
        var placeOrder = OrderDomain.placeOrder(RetryPolicy.none());
        AxonConfiguration axon = SagaflowAxonConfigurer.create()
                .axonParticipants("inventory", "payment")
                .saga(placeOrder)
                .applyTo(MessagingConfigurer.create())
                .start();
        SagaEngine engine = axon.getComponent(SagaEngine.class);
        AxonCommandBroker broker = axon.getComponent(AxonCommandBroker.class);

        assertThat(engine.definitions()).containsExactly(placeOrder);
        assertThat(broker.axonParticipants()).containsExactlyInAnyOrder("inventory", "payment");
        axon.shutdown();

        assertThatThrownBy(() -> broker.publish(java.util.List.of()))
                .as("Axon's shutdown closed the broker").isInstanceOf(io.sagaflow.BrokerException.class);
    }
}
