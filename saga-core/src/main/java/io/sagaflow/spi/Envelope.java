package io.sagaflow.spi;

import io.sagaflow.spi.support.UniqueIds;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message as every broker carries it: routing and correlation fields, headers for trace context and reasons,
 * and the payload encoded by the {@link MessageCodec}.
 *
 * <p>Immutable apart from the payload array, which callers must not modify. Brokers map the fields to their own
 * properties (AMQP: message-id, correlation-id, type, reply-to, timestamp, headers).
 *
 * @param messageId unique per message; the deduplication key of inboxes
 * @param kind command, reply or event
 * @param destination where it is sent
 * @param type the payload's registered type name, or null when there is no payload (failure and error replies)
 * @param sagaId the saga it belongs to, or null for events published outside a saga
 * @param sagaType the saga's type name, or null
 * @param step the step it belongs to, or null
 * @param correlationId for a reply, the message id of the command it answers; else null
 * @param replyTo for a command, where the reply goes; else null
 * @param createdAt when it was created
 * @param headers string headers: trace context, {@link #REASON}, {@link #ATTEMPT}; never null
 * @param payload the encoded payload; empty when {@code type} is null
 * @since 0.1
 */
public record Envelope(
        String messageId,
        MessageKind kind,
        Destination destination,
        @Nullable String type,
        @Nullable String sagaId,
        @Nullable String sagaType,
        @Nullable String step,
        @Nullable String correlationId,
        @Nullable Destination replyTo,
        Instant createdAt,
        Map<String, String> headers,
        byte[] payload) {

    /** Header: the reason of a failure or error reply. */
    public static final String REASON = "sagaflow-reason";
    /** Header: the attempt number of a command. */
    public static final String ATTEMPT = "sagaflow-attempt";
    /** Header: {@code FORWARD} or {@code COMPENSATION} for a command. */
    public static final String DIRECTION = "sagaflow-direction";
    /** Header: W3C trace context, carried from the orchestrator to participants. */
    public static final String TRACEPARENT = "traceparent";

    /** Copies the headers and checks required fields. */
    public Envelope {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(createdAt, "createdAt");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(payload, "payload");
    }

    /** @return a fresh message id, unique across processes with overwhelming probability (see {@link UniqueIds}) */
    public static String newMessageId() {
        return UniqueIds.next();
    }

    /**
     * @param name header name
     * @return the header's value, or null
     */
    public @Nullable String header(String name) {
        return headers.get(name);
    }

    /**
     * Builds the reply to this command: sent to its reply-to, correlated by its message id, carrying its saga, step
     * and trace context, with the reason (if any) cut to {@link io.sagaflow.HistoryEntry#MAX_DETAIL_LENGTH}.
     *
     * @param replyKind {@link MessageKind#REPLY_SUCCESS}, {@link MessageKind#REPLY_FAILURE} or
     *     {@link MessageKind#REPLY_ERROR}
     * @param replyType the reply payload's registered type name, or null for no payload
     * @param replyPayload the encoded reply payload; empty for none
     * @param reason why it failed, or null
     * @param at when the reply is made
     * @return the reply
     * @throws IllegalStateException if this message has no reply-to
     */
    public Envelope reply(MessageKind replyKind, @Nullable String replyType, byte[] replyPayload,
                          @Nullable String reason, Instant at) {
        if (replyTo == null) {
            throw new IllegalStateException("message " + messageId + " has no reply-to to answer");
        }
        String traceparent = headers.get(TRACEPARENT);
        if (reason == null && traceparent == null) {
            // The common reply: no headers, and no map made only to be copied into the empty one.
            return new Envelope(newMessageId(), replyKind, replyTo, replyType, sagaId, sagaType, step, messageId,
                    null, at, Map.of(), replyPayload);
        }
        var replyHeaders = new java.util.HashMap<String, String>();
        if (reason != null) {
            int max = io.sagaflow.HistoryEntry.MAX_DETAIL_LENGTH;
            replyHeaders.put(REASON, reason.length() > max ? reason.substring(0, max) : reason);
        }
        if (traceparent != null) {
            replyHeaders.put(TRACEPARENT, traceparent);
        }
        return new Envelope(newMessageId(), replyKind, replyTo, replyType, sagaId, sagaType, step, messageId, null,
                at, replyHeaders, replyPayload);
    }

    /**
     * @param newHeaders headers to add or replace
     * @return a copy with the headers merged in
     */
    public Envelope withHeaders(Map<String, String> newHeaders) {
        var merged = new java.util.HashMap<>(headers);
        merged.putAll(newHeaders);
        return new Envelope(messageId, kind, destination, type, sagaId, sagaType, step, correlationId, replyTo,
                createdAt, merged, payload);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Envelope e
                && messageId.equals(e.messageId)
                && kind == e.kind
                && destination.equals(e.destination)
                && Objects.equals(type, e.type)
                && Objects.equals(sagaId, e.sagaId)
                && Objects.equals(sagaType, e.sagaType)
                && Objects.equals(step, e.step)
                && Objects.equals(correlationId, e.correlationId)
                && Objects.equals(replyTo, e.replyTo)
                && createdAt.equals(e.createdAt)
                && headers.equals(e.headers)
                && Arrays.equals(payload, e.payload);
    }

    @Override
    public int hashCode() {
        return messageId.hashCode();
    }

    @Override
    public String toString() {
        return kind + " " + messageId + " to " + destination + (type == null ? "" : " type " + type)
                + (sagaId == null ? "" : " saga " + sagaType + "/" + sagaId) + (step == null ? "" : " step " + step);
    }
}
