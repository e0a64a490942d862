package io.sagaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The id check is hand-written for speed; it must accept and refuse exactly what {@code [0-9a-fA-F-]{36}} does. */
class SagaIdTest {

    @Test
    void acceptsRandomIdsAndUpperCaseHex() {
        String id = UUID.randomUUID().toString();
        assertThat(SagaId.parse(id).value()).isEqualTo(id);
        assertThat(SagaId.parse(id.toUpperCase(java.util.Locale.ROOT)).value()).isEqualTo(id.toUpperCase(
                java.util.Locale.ROOT));
        assertThat(new SagaId("------------------------------------").value()).hasSize(36);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-4266141740000",
            "123e4567-e89b-12d3-a456-42661417400g", "123e4567 e89b-12d3-a456-426614174000",
            "123e4567-e89b-12d3-a456-42661417400\u0661", "G23e4567-e89b-12d3-a456-426614174000"})
    void refusesAnythingThatIsNotThirtySixHexDigitsOrDashes(String value) {
        String regexVerdict = value.matches("[0-9a-fA-F-]{36}") ? "accepted" : "refused";
        assertThat(regexVerdict).isEqualTo("refused");
        assertThatThrownBy(() -> SagaId.parse(value)).isInstanceOf(MessageRejectedException.class)
                .hasMessageContaining("saga id must be a UUID");
    }
}
