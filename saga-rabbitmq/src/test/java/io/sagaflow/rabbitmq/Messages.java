package io.sagaflow.rabbitmq;

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

    static Envelope command(String participant, String body) {
        return new Envelope(Envelope.newMessageId(), MessageKind.COMMAND, Destination.commands(participant),
                "Text", "saga-1", "test-saga", "step-1", null, Destination.replies("default"),
                Instant.parse("2026-01-02T03:04:05.123456789Z"),
                Map.of(Envelope.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                        Envelope.ATTEMPT, "1"),
                ("\"" + body + "\"").getBytes(StandardCharsets.UTF_8));
    }

    static Envelope event(String topic, String body) {
        return new Envelope(Envelope.newMessageId(), MessageKind.EVENT, Destination.events(topic), "Text", null,
                null, null, null, null, Instant.now(), Map.of(), ("\"" + body + "\"").getBytes(StandardCharsets.UTF_8));
    }

    static String body(Envelope envelope) {
        return new String(envelope.payload(), StandardCharsets.UTF_8);
    }
}
