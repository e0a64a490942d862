package io.sagaflow.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SagaDashboardPropertiesTest {
    @Test
    void defaultsAreOffAtSagaflowWithFiftyPerPage() {
        SagaDashboardProperties defaults = SagaDashboardProperties.ofDefaults();

        assertThat(defaults.enabled()).isFalse();
        assertThat(defaults.path()).isEqualTo("/sagaflow");
        assertThat(defaults.pageSize()).isEqualTo(50);
        assertThat(defaults.maxPageSize()).isEqualTo(200);
        assertThat(defaults.showData()).isTrue();
    }

    @Test
    void refusesBadValuesNamingPropertyAndValue() {
        assertThatThrownBy(() -> new SagaDashboardProperties(true, "sagaflow", 50, 200, Duration.ofMinutes(1), true))
                .hasMessageContaining("sagaflow.dashboard.path").hasMessageContaining("'sagaflow'");
        assertThatThrownBy(() -> new SagaDashboardProperties(true, "/a/../b", 50, 200, Duration.ofMinutes(1), true))
                .hasMessageContaining("'/a/../b'");
        assertThatThrownBy(() -> new SagaDashboardProperties(true, "/s", 300, 200, Duration.ofMinutes(1), true))
                .hasMessageContaining("page-size").hasMessageContaining("300");
        assertThatThrownBy(() -> new SagaDashboardProperties(true, "/s", 50, 1000, Duration.ofMinutes(1), true))
                .hasMessageContaining("max-page-size").hasMessageContaining("1000");
        assertThatThrownBy(() -> new SagaDashboardProperties(true, "/s", 50, 200, Duration.ZERO, true))
                .hasMessageContaining("event-stream-timeout");
    }
}
