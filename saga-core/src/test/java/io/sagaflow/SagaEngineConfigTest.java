package io.sagaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SagaEngineConfigTest {

    @Test
    void runsTwoRelayThreadsByDefaultAndTakesAnotherCount() {
        assertThat(SagaEngineConfig.ofDefaults().relayThreads()).isEqualTo(2);
        assertThat(SagaEngineConfig.builder().relayThreads(1).build().relayThreads()).isEqualTo(1);
        assertThat(SagaEngineConfig.builder().relayThreads(SagaEngineConfig.MAX_RELAY_THREADS).build().relayThreads())
                .isEqualTo(64);
    }

    @Test
    void refusesNoRelayThreadOrMoreThanTheLimitNamingTheValue() {
        assertThatThrownBy(() -> SagaEngineConfig.builder().relayThreads(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("relayThreads must be between 1 and 64, was 0");
        assertThatThrownBy(() -> SagaEngineConfig.builder().relayThreads(65).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("relayThreads must be between 1 and 64, was 65");
    }
}
