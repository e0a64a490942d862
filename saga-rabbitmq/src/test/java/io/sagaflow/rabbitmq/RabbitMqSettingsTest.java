package io.sagaflow.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RabbitMqSettingsTest {

    @Test
    void defaultsToALocalBrokerWithClassicQueues() {
        RabbitMqSettings settings = RabbitMqSettings.ofDefaults();

        assertThat(settings.host()).isEqualTo("localhost");
        assertThat(settings.port()).isEqualTo(5672);
        assertThat(settings.virtualHost()).isEqualTo("/");
        assertThat(settings.prefix()).isEqualTo("sagaflow");
        assertThat(settings.quorumQueues()).isFalse();
        assertThat(settings.useTls()).isFalse();
        assertThat(settings.deliveryLimit()).isEqualTo(RabbitMqSettings.DEFAULT_DELIVERY_LIMIT);
        assertThat(settings.confirmTimeout()).isEqualTo(RabbitMqSettings.DEFAULT_CONFIRM_TIMEOUT);
        assertThat(settings.nio()).isTrue();
        assertThat(RabbitMqSettings.builder().nio(false).build().nio()).isFalse();
        assertThat(settings.toString()).contains("nio=true");
    }

    @Test
    void productionProfileUsesQuorumQueues() {
        assertThat(RabbitMqSettings.production().build().quorumQueues()).isTrue();
    }

    @Test
    void readsHostCredentialsVirtualHostAndTlsFromAnAmqpUri() {
        RabbitMqSettings settings = RabbitMqSettings.builder()
                .uri("amqps://orders:s3cr%23t@rabbit.internal:5671/shop%2Fprod").build();

        assertThat(settings.host()).isEqualTo("rabbit.internal");
        assertThat(settings.port()).isEqualTo(5671);
        assertThat(settings.username()).isEqualTo("orders");
        assertThat(settings.password()).isEqualTo("s3cr#t");
        assertThat(settings.virtualHost()).isEqualTo("shop/prod");
        assertThat(settings.useTls()).isTrue();
    }

    @Test
    void neverShowsThePassword() {
        RabbitMqSettings settings = RabbitMqSettings.builder().credentials("orders", "hunter2").build();

        assertThat(settings.toString()).contains("orders").doesNotContain("hunter2");
        assertThatThrownBy(() -> RabbitMqSettings.builder().uri("http://u:hunter2@host/"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void rejectsValuesOutOfRangeNamingTheSetting() {
        assertThatThrownBy(() -> RabbitMqSettings.builder().prefetch(0).build())
                .hasMessage("prefetch must be >= 1, was 0");
        assertThatThrownBy(() -> RabbitMqSettings.builder().prefix("bad prefix").build())
                .hasMessageContaining("'bad prefix'");
        assertThatThrownBy(() -> RabbitMqSettings.builder().confirmTimeout(Duration.ZERO).build())
                .hasMessage("confirmTimeout must be positive, was PT0S");
        assertThatThrownBy(() -> RabbitMqSettings.builder().port(70_000).build())
                .hasMessage("port must be 1..65535, was 70000");
    }
}
