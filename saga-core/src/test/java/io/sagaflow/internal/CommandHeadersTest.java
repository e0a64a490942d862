package io.sagaflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.Direction;
import io.sagaflow.spi.Envelope;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandHeadersTest {

    @Test
    void everyAttemptAndDirectionGetsItsOwnNumberAndName() {
        for (Direction direction : Direction.values()) {
            for (int attempt = 1; attempt <= CommandHeaders.SHARED_ATTEMPTS + 5; attempt++) {
                assertThat(CommandHeaders.of(attempt, direction))
                        .as("attempt %d, %s", attempt, direction)
                        .isEqualTo(Map.of(Envelope.ATTEMPT, Integer.toString(attempt),
                                Envelope.DIRECTION, direction.name()));
            }
        }
    }

    @Test
    void theUsualAttemptsShareOneMapAndLaterOnesAreMadeEachTime() {
        assertThat(CommandHeaders.of(1, Direction.FORWARD)).isSameAs(CommandHeaders.of(1, Direction.FORWARD));
        assertThat(CommandHeaders.of(CommandHeaders.SHARED_ATTEMPTS, Direction.COMPENSATION))
                .isSameAs(CommandHeaders.of(CommandHeaders.SHARED_ATTEMPTS, Direction.COMPENSATION));
        int later = CommandHeaders.SHARED_ATTEMPTS + 1;
        assertThat(CommandHeaders.of(later, Direction.FORWARD)).isNotSameAs(CommandHeaders.of(later, Direction.FORWARD));
    }

    @Test
    void theSharedMapsCannotBeChanged() {
        Map<String, String> headers = CommandHeaders.of(2, Direction.FORWARD);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> headers.put(Envelope.ATTEMPT, "3"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(CommandHeaders.of(2, Direction.FORWARD)).containsEntry(Envelope.ATTEMPT, "2");
    }
}
