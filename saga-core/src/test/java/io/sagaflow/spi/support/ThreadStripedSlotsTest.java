package io.sagaflow.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadStripedSlotsTest {
    private final ThreadStripedSlots<Object> slots = new ThreadStripedSlots<>(16);

    @Test
    void aThreadTakesBackWhatItOfferedAndNothingFromEmptySlots() {
        assertThat(slots.take()).isNull();
        Object kept = new Object();
        assertThat(slots.offer(kept)).isTrue();
        assertThat(slots.count()).isEqualTo(1);
        assertThat(slots.take()).isSameAs(kept);
        assertThat(slots.take()).isNull();
    }

    @Test
    void oneThreadFillsAtMostTwoSlotsAndClearEmptiesThem() {
        assertThat(slots.offer(new Object())).isTrue();
        assertThat(slots.offer(new Object())).isTrue();
        assertThat(slots.offer(new Object())).as("both of this thread's slots are full").isFalse();
        assertThat(slots.count()).isEqualTo(2);
        slots.clear();
        assertThat(slots.count()).isZero();
    }

    @Test
    void slotsAreAPowerOfTwoFrom8To256() {
        assertThat(new ThreadStripedSlots<>(1).capacity()).isEqualTo(8);
        assertThat(new ThreadStripedSlots<>(100).capacity()).isEqualTo(128);
        assertThat(new ThreadStripedSlots<>(128).capacity()).isEqualTo(128);
        assertThat(new ThreadStripedSlots<>(100_000).capacity()).isEqualTo(256);
        assertThat(ThreadStripedSlots.perProcessor().capacity())
                .isEqualTo(new ThreadStripedSlots<>(Runtime.getRuntime().availableProcessors() * 4).capacity());
    }
}
