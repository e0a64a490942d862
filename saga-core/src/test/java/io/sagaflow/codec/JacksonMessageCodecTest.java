package io.sagaflow.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sagaflow.MessageRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JacksonMessageCodecTest {
    record Item(String sku, int quantity) { }

    record Cart(String id, List<Item> items) { }

    private final JacksonMessageCodec codec = JacksonMessageCodec.builder().maxPayloadBytes(256).build();

    @Test
    void roundTripsRecords() {
        Cart cart = new Cart("c1", List.of(new Item("sku-1", 2)));
        assertThat(codec.decode(codec.encode(cart), Cart.class)).isEqualTo(cart);
    }

    @Test
    void rejectsOversizedPayloadsBeforeParsing() {
        byte[] big = ("{\"id\":\"" + "x".repeat(300) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decode(big, Cart.class)).isInstanceOf(MessageRejectedException.class)
                .hasMessage("payload of 309 bytes for Cart exceeds the limit of 256 bytes");
    }

    @Test
    void rejectsMalformedAndTrailingJson() {
        assertThatThrownBy(() -> codec.decode("{\"id\":".getBytes(StandardCharsets.UTF_8), Cart.class))
                .isInstanceOf(MessageRejectedException.class).hasMessageStartingWith("payload does not read as Cart");
        assertThatThrownBy(() -> codec.decode("{\"id\":\"a\"} {}".getBytes(StandardCharsets.UTF_8), Cart.class))
                .isInstanceOf(MessageRejectedException.class);
        assertThatThrownBy(() -> codec.decode("null".getBytes(StandardCharsets.UTF_8), Cart.class))
                .isInstanceOf(MessageRejectedException.class).hasMessage("payload for Cart is JSON null");
    }

    @Test
    void neverInstantiatesAClassNamedInThePayload() {
        byte[] hostile = "{\"@class\":\"java.lang.ProcessBuilder\",\"id\":\"c\"}".getBytes(StandardCharsets.UTF_8);
        Cart cart = codec.decode(hostile, Cart.class);
        assertThat(cart.id()).isEqualTo("c");
    }

    @Test
    void rejectsDeepNesting() {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThatThrownBy(() -> JacksonMessageCodec.ofDefaults().decode(deep.getBytes(StandardCharsets.UTF_8),
                Object.class)).isInstanceOf(MessageRejectedException.class);
    }
}
