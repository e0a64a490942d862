package io.sagaflow.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sagaflow.HistoryEntry;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeReplyTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private static Envelope command(Destination replyTo) {
        return new Envelope("cmd-1", MessageKind.COMMAND, Destination.commands("inventory"), "ReserveStock", "saga-1",
                "place-order", "reserve-inventory", null, replyTo, NOW,
                Map.of(Envelope.TRACEPARENT, "00-trace-span-01", Envelope.ATTEMPT, "2"), new byte[] {1});
    }

    @Test
    void aReplyIsCorrelatedAddressedAndCarriesTheTraceButNotTheCommandsOtherHeaders() {
        Envelope reply = command(Destination.replies("orders"))
                .reply(MessageKind.REPLY_FAILURE, null, new byte[0], "x".repeat(5_000), NOW);

        assertThat(reply.destination()).isEqualTo(Destination.replies("orders"));
        assertThat(reply.correlationId()).isEqualTo("cmd-1");
        assertThat(reply.messageId()).isNotEqualTo("cmd-1");
        assertThat(reply.sagaId()).isEqualTo("saga-1");
        assertThat(reply.step()).isEqualTo("reserve-inventory");
        assertThat(reply.replyTo()).isNull();
        assertThat(reply.header(Envelope.TRACEPARENT)).isEqualTo("00-trace-span-01");
        assertThat(reply.header(Envelope.ATTEMPT)).isNull();
        assertThat(reply.header(Envelope.REASON)).hasSize(HistoryEntry.MAX_DETAIL_LENGTH);
    }

    @Test
    void aSuccessReplyToACommandWithoutTraceContextCarriesNoHeadersAndIsStillCorrelated() {
        Envelope command = new Envelope("cmd-2", MessageKind.COMMAND, Destination.commands("inventory"),
                "ReserveStock", "saga-2", "place-order", "reserve-inventory", null, Destination.replies("orders"),
                NOW, Map.of(Envelope.ATTEMPT, "1", Envelope.DIRECTION, "FORWARD"), new byte[] {1});
        Instant later = NOW.plusMillis(5);

        Envelope reply = command.reply(MessageKind.REPLY_SUCCESS, "StockReserved", new byte[] {7, 8}, null, later);

        assertThat(reply.headers()).isEmpty();
        assertThat(reply.kind()).isEqualTo(MessageKind.REPLY_SUCCESS);
        assertThat(reply.destination()).isEqualTo(Destination.replies("orders"));
        assertThat(reply.type()).isEqualTo("StockReserved");
        assertThat(reply.payload()).containsExactly(7, 8);
        assertThat(reply.correlationId()).isEqualTo("cmd-2");
        assertThat(reply.messageId()).isNotEqualTo("cmd-2");
        assertThat(reply.sagaId()).isEqualTo("saga-2");
        assertThat(reply.sagaType()).isEqualTo("place-order");
        assertThat(reply.step()).isEqualTo("reserve-inventory");
        assertThat(reply.replyTo()).isNull();
        assertThat(reply.createdAt()).isEqualTo(later);
    }

    @Test
    void aMessageWithoutReplyToCannotBeAnswered() {
        assertThatThrownBy(() -> command(null).reply(MessageKind.REPLY_SUCCESS, null, new byte[0], null, NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("message cmd-1 has no reply-to to answer");
    }
}
