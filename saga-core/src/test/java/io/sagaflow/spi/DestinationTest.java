package io.sagaflow.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The name check is hand-written for speed; it must accept and refuse what {@code [A-Za-z0-9._-]{1,100}} does. */
class DestinationTest {
    private static final String REGEX = "[A-Za-z0-9._-]{1,100}";

    @ParameterizedTest
    @ValueSource(strings = {"a", "inventory", "Order-Events_v1.2", "0", "-", "._-"})
    void acceptsWhatTheRegexAccepts(String name) {
        assertThat(name.matches(REGEX)).isTrue();
        assertThat(Destination.commands(name).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a:b", "a/b", "ä", "a\u0661", "tab\t", "x{}"})
    void refusesWhatTheRegexRefuses(String name) {
        assertThat(name.matches(REGEX)).isFalse();
        assertThatThrownBy(() -> Destination.events(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("destination name must match " + REGEX);
    }

    @org.junit.jupiter.api.Test
    void refusesNamesLongerThanAHundredCharacters() {
        assertThat(Destination.replies("x".repeat(100)).name()).hasSize(100);
        assertThatThrownBy(() -> Destination.replies("x".repeat(101))).isInstanceOf(IllegalArgumentException.class);
    }
}
