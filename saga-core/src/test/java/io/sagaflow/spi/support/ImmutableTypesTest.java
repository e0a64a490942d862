package io.sagaflow.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImmutableTypesTest {
    enum Colour { RED }

    record Line(String sku, int quantity, BigDecimal price, Colour colour, UUID id, Instant at, Long boxed) { }

    record Nested(Line line, Nested parent) { }

    record WithList(String id, List<String> items) { }

    record WithMap(Map<String, String> values) { }

    record WithArray(byte[] bytes) { }

    record WithBean(StringBuilder text) { }

    record Generic<T>(T value) { }

    static final class Bean {
        String id;
    }

    @Test
    void recordsOfValuesAreImmutableAllTheWayDown() {
        assertThat(ImmutableTypes.isDeeplyImmutable(Line.class)).isTrue();
        assertThat(ImmutableTypes.isDeeplyImmutable(Nested.class)).isTrue();
        assertThat(ImmutableTypes.isDeeplyImmutable(String.class)).isTrue();
    }

    @Test
    void collectionsArraysBeansAndTypeVariablesAreTakenAsMutable() {
        assertThat(ImmutableTypes.isDeeplyImmutable(WithList.class)).isFalse();
        assertThat(ImmutableTypes.isDeeplyImmutable(WithMap.class)).isFalse();
        assertThat(ImmutableTypes.isDeeplyImmutable(WithArray.class)).isFalse();
        assertThat(ImmutableTypes.isDeeplyImmutable(WithBean.class)).isFalse();
        assertThat(ImmutableTypes.isDeeplyImmutable(Generic.class)).isFalse();
        assertThat(ImmutableTypes.isDeeplyImmutable(Bean.class)).isFalse();
        assertThat(ImmutableTypes.isDeeplyImmutable(Object.class)).isFalse();
    }
}
