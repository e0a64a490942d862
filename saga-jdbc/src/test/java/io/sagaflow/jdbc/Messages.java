package io.sagaflow.jdbc;

import io.sagaflow.SagaId;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** Envelopes for tests. */
final class Messages {
    private Messages() {
    }

    static Envelope command(String messageId, SagaId saga) {
        return new Envelope(messageId, MessageKind.COMMAND, Destination.commands("inventory"), "ReserveStock",
                saga.value(), "place-order", "reserve", null, Destination.replies("default"), Instant.now(),
                Map.of(Envelope.ATTEMPT, "1"), "{\"sku\":\"apple\"}".getBytes(StandardCharsets.UTF_8));
    }

    static Envelope replyTo(Envelope command) {
        return new Envelope(Envelope.newMessageId(), MessageKind.REPLY_SUCCESS, command.replyTo(), null,
                command.sagaId(), command.sagaType(), command.step(), command.messageId(), null, Instant.now(),
                Map.of(), new byte[0]);
    }
}
