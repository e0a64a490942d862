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

    record Money(String currency, java.math.BigDecimal amount, Item item) { }

    record Renamed(@com.fasterxml.jackson.annotation.JsonProperty("n") String name) { }

    /** Mutable: a bean. */
    static final class Basket {
        public String id;
    }

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

    @Test
    void decodingTheVeryArrayAnImmutableRecordWasEncodedToReturnsThatRecord() {
        Money money = new Money("EUR", new java.math.BigDecimal("19.90"), new Item("sku-1", 1));
        byte[] bytes = codec.encode(money);

        assertThat(codec.decode(bytes, Money.class)).isSameAs(money);
        Money parsed = codec.decode(bytes.clone(), Money.class);
        assertThat(parsed).isEqualTo(money).isNotSameAs(money);
    }

    @Test
    void aValueIsTakenOnceAndTheSameArrayIsParsedAfterThat() {
        Item item = new Item("sku-7", 7);
        byte[] bytes = codec.encode(item);

        assertThat(codec.decode(bytes, Item.class)).isSameAs(item);
        // Taken out of the table by the first decode, so that it does not stay alive longer than its message.
        assertThat(codec.decode(bytes, Item.class)).isEqualTo(item).isNotSameAs(item);
    }

    @Test
    void sagaDataIsEncodedAlikeButNotRemembered() {
        Item data = new Item("sku-8", 8);
        byte[] bytes = codec.encodeSagaData(data);

        assertThat(bytes).isEqualTo(codec.encode(new Item("sku-8", 8)));
        assertThat(codec.decode(bytes, Item.class)).isEqualTo(data).isNotSameAs(data);
    }

    @Test
    void neverReusesMutableOrAnnotatedValuesOrForAnotherClass() {
        Cart cart = new Cart("c1", List.of(new Item("sku-1", 2)));
        byte[] cartBytes = codec.encode(cart);
        assertThat(codec.decode(cartBytes, Cart.class)).isEqualTo(cart).isNotSameAs(cart);

        Basket basket = new Basket();
        basket.id = "b1";
        byte[] basketBytes = codec.encode(basket);
        basket.id = "changed after encoding";
        assertThat(codec.decode(basketBytes, Basket.class).id).isEqualTo("b1");

        Renamed renamed = new Renamed("x");
        assertThat(codec.decode(codec.encode(renamed), Renamed.class)).isEqualTo(renamed).isNotSameAs(renamed);

        Item item = new Item("sku-1", 2);
        byte[] itemBytes = codec.encode(item);
        record Other(String sku, int quantity) { }
        assertThat(codec.decode(itemBytes, Other.class)).isEqualTo(new Other("sku-1", 2));
    }

    @Test
    void aMapperThatChangesValuesOnTheWayTurnsReuseOffForThatClass() {
        var upperCasing = new tools.jackson.databind.module.SimpleModule().addDeserializer(String.class,
                new tools.jackson.databind.deser.std.StdDeserializer<String>(String.class) {
                    @Override
                    public String deserialize(tools.jackson.core.JsonParser p,
                                              tools.jackson.databind.DeserializationContext ctxt) {
                        return p.getString().toUpperCase(java.util.Locale.ROOT);
                    }
                });
        JacksonMessageCodec changing = JacksonMessageCodec.builder().customizeMapper(b -> b.addModule(upperCasing))
                .build();
        Item item = new Item("sku-1", 2);
        byte[] bytes = changing.encode(item);

        assertThat(changing.decode(bytes, Item.class)).isEqualTo(new Item("SKU-1", 2));
    }

    @Test
    void reuseCanBeTurnedOffAndNeverBypassesTheSizeLimit() {
        JacksonMessageCodec parsing = JacksonMessageCodec.builder().reuseDecodedValues(false).build();
        Item item = new Item("sku-1", 2);
        assertThat(parsing.decode(parsing.encode(item), Item.class)).isEqualTo(item).isNotSameAs(item);

        Item big = new Item("x".repeat(300), 1);
        byte[] bigBytes = codec.encode(big);
        assertThatThrownBy(() -> codec.decode(bigBytes, Item.class)).isInstanceOf(MessageRejectedException.class)
                .hasMessageContaining("exceeds the limit of 256 bytes");
    }

    @Test
    void plainCodecsShareTheirEncodingsButACustomizedOneKeepsItsOwn() {
        JacksonMessageCodec sender = JacksonMessageCodec.ofDefaults();
        JacksonMessageCodec receiver = JacksonMessageCodec.ofDefaults();
        JacksonMessageCodec customized = JacksonMessageCodec.builder().customizeMapper(b -> b).build();
        Item item = new Item("sku-1", 2);
        byte[] bytes = sender.encode(item);

        assertThat(receiver.decode(bytes, Item.class)).isSameAs(item);
        assertThat(customized.decode(bytes, Item.class)).isEqualTo(item).isNotSameAs(item);
    }
}
