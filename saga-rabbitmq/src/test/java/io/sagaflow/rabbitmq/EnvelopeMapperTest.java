package io.sagaflow.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import io.sagaflow.BrokerException;
import io.sagaflow.MessageRejectedException;
import io.sagaflow.spi.Envelope;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeMapperTest {
    private final EnvelopeMapper mapper = new EnvelopeMapper(1_000);

    @Test
    void mapsEnvelopeFieldsToAmqpPropertiesAndBack() {
        Envelope command = Messages.command("inventory", "hi");

        AMQP.BasicProperties properties = mapper.properties(command);

        assertThat(properties.getMessageId()).isEqualTo(command.messageId());
        assertThat(properties.getType()).isEqualTo("Text");
        assertThat(properties.getContentType()).isEqualTo("application/json");
        assertThat(properties.getReplyTo()).isEqualTo("replies:default");
        assertThat(properties.getDeliveryMode()).isEqualTo(2);
        assertThat(properties.getTimestamp().toInstant()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(properties.getHeaders()).containsEntry(Envelope.TRACEPARENT, command.header(Envelope.TRACEPARENT))
                .containsEntry(EnvelopeMapper.SAGA_ID, "saga-1").containsEntry(EnvelopeMapper.KIND, "COMMAND");
        assertThat(mapper.envelope(properties, command.payload())).isEqualTo(command);
    }

    @Test
    void ignoresBrokerHeadersButRejectsForeignNonStringHeaders() {
        Envelope command = Messages.command("inventory", "hi");
        Map<String, Object> headers = new HashMap<>(mapper.properties(command).getHeaders());
        headers.put("x-delivery-count", 3L);
        AMQP.BasicProperties withCount = mapper.properties(command).builder().headers(headers).build();
        assertThat(mapper.envelope(withCount, command.payload()).headers()).doesNotContainKey("x-delivery-count");

        headers.put("priority", 7);
        AMQP.BasicProperties withInt = withCount.builder().headers(headers).build();
        assertThatThrownBy(() -> mapper.envelope(withInt, command.payload()))
                .isInstanceOf(MessageRejectedException.class)
                .hasMessage("message '" + command.messageId()
                        + "' has header 'priority' of type Integer, not a string");
    }

    @Test
    void rejectsWhatIsMissingMalformedOrTooLarge() {
        Envelope command = Messages.command("inventory", "hi");
        AMQP.BasicProperties good = mapper.properties(command);
        String id = "message '" + command.messageId() + "'";

        assertThatThrownBy(() -> mapper.envelope(null, new byte[0])).hasMessage("message has no properties");
        assertThatThrownBy(() -> mapper.envelope(good.builder().messageId(null).build(), new byte[0]))
                .hasMessage("message has no message-id");
        assertThatThrownBy(() -> mapper.envelope(good, new byte[1_001]))
                .hasMessage(id + " is 1001 bytes, over the limit of 1000");
        assertThatThrownBy(() -> mapper.envelope(good.builder().contentType("text/xml").build(), new byte[0]))
                .hasMessage(id + " has content-type 'text/xml', not application/json");
        assertThatThrownBy(() -> mapper.envelope(good.builder().replyTo("nowhere").build(), new byte[0]))
                .isInstanceOf(MessageRejectedException.class).hasMessageContaining("not a destination: 'nowhere'");
        assertThatThrownBy(() -> mapper.envelope(withHeader(good, EnvelopeMapper.CREATED_AT, "yesterday"),
                new byte[0])).hasMessage(id + " has a malformed x-sagaflow-created-at 'yesterday'");
        assertThatThrownBy(() -> mapper.envelope(withHeader(good, "traceparent", "x".repeat(9_000)), new byte[0]))
                .hasMessage(id + " has header 'traceparent' of 9000 bytes, over the limit of 8192");
        assertThatThrownBy(() -> mapper.envelope(withHeader(good, EnvelopeMapper.SAGA_ID, "s".repeat(300)),
                new byte[0])).hasMessage(id + " has a x-sagaflow-saga-id of 300 characters, over the limit of 256");
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("h" + i, "v");
        }
        assertThatThrownBy(() -> mapper.envelope(good.builder().headers(many).build(), new byte[0]))
                .hasMessage(id + " has 65 headers, over the limit of 64");
    }

    @Test
    void refusesToSendReservedHeaderNamesOrOversizePayloads() {
        Envelope reserved = Messages.command("inventory", "hi").withHeaders(Map.of("x-custom", "1"));
        assertThatThrownBy(() -> mapper.properties(reserved)).isInstanceOf(BrokerException.class)
                .hasMessageContaining("header 'x-custom'");
        Envelope big = Messages.command("inventory", "x".repeat(1_000));
        assertThatThrownBy(() -> mapper.properties(big)).isInstanceOf(BrokerException.class)
                .hasMessageContaining("over the limit of 1000");
    }

    private static AMQP.BasicProperties withHeader(AMQP.BasicProperties properties, String name, Object value) {
        Map<String, Object> headers = new HashMap<>(properties.getHeaders());
        headers.put(name, value);
        return properties.builder().headers(headers).build();
    }
}
