package io.sagaflow.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import io.sagaflow.BrokerException;
import io.sagaflow.MessageRejectedException;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageKind;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps an {@link Envelope} to AMQP properties and headers and back. Fields with an AMQP property use it (message-id,
 * correlation-id, type, reply-to, timestamp, content-type); the others travel in {@code x-sagaflow-*} headers; the
 * envelope's own headers ({@code traceparent}, {@code sagaflow-reason}, ...) are AMQP headers of the same name.
 * Header names starting with {@code x-} belong to the broker and to this mapping.
 *
 * <p>Decoding treats a delivery as untrusted: sizes and counts are bounded, every field is checked, and anything
 * wrong is a {@link MessageRejectedException} naming the field.
 */
final class EnvelopeMapper {
    static final String CONTENT_TYPE = "application/json";
    static final String KIND = "x-sagaflow-kind";
    static final String DESTINATION = "x-sagaflow-destination";
    static final String SAGA_ID = "x-sagaflow-saga-id";
    static final String SAGA_TYPE = "x-sagaflow-saga-type";
    static final String STEP = "x-sagaflow-step";
    static final String CREATED_AT = "x-sagaflow-created-at";

    static final int MAX_HEADERS = 64;
    static final int MAX_HEADER_NAME = 128;
    static final int MAX_HEADER_VALUE = 8 * 1024;
    static final int MAX_FIELD = 256;

    private final int maxMessageBytes;

    EnvelopeMapper(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /** @throws BrokerException if the envelope cannot be sent as it is (too large, a reserved header name) */
    AMQP.BasicProperties properties(Envelope envelope) {
        if (envelope.payload().length > maxMessageBytes) {
            throw new BrokerException(envelope + " is " + envelope.payload().length + " bytes, over the limit of "
                    + maxMessageBytes);
        }
        Map<String, Object> headers = new HashMap<>();
        envelope.headers().forEach((name, value) -> {
            if (name.startsWith("x-")) {
                throw new BrokerException(envelope + " has header '" + name + "': names starting with 'x-' are "
                        + "reserved for RabbitMQ and Sagaflow");
            }
            headers.put(name, value);
        });
        headers.put(KIND, envelope.kind().name());
        headers.put(DESTINATION, envelope.destination().toString());
        headers.put(CREATED_AT, envelope.createdAt().toString());
        putIfPresent(headers, SAGA_ID, envelope.sagaId());
        putIfPresent(headers, SAGA_TYPE, envelope.sagaType());
        putIfPresent(headers, STEP, envelope.step());
        return new AMQP.BasicProperties.Builder()
                .messageId(envelope.messageId())
                .correlationId(envelope.correlationId())
                .type(envelope.type())
                .contentType(CONTENT_TYPE)
                .timestamp(Date.from(envelope.createdAt().truncatedTo(ChronoUnit.SECONDS))) // AMQP's resolution
                .replyTo(envelope.replyTo() == null ? null : envelope.replyTo().toString())
                .deliveryMode(2)
                .headers(headers)
                .build();
    }

    /** @throws MessageRejectedException naming what is missing, malformed or too large */
    Envelope envelope(AMQP.@Nullable BasicProperties properties, byte @Nullable [] body) {
        if (properties == null) {
            throw new MessageRejectedException("message has no properties");
        }
        String messageId = properties.getMessageId();
        String where = messageId == null ? "message" : "message '" + cut(messageId) + "'";
        byte[] payload = body == null ? new byte[0] : body;
        if (payload.length > maxMessageBytes) {
            throw new MessageRejectedException(where + " is " + payload.length + " bytes, over the limit of "
                    + maxMessageBytes);
        }
        field(where, "message-id", messageId, true);
        if (properties.getContentType() != null && !CONTENT_TYPE.equals(properties.getContentType())) {
            throw new MessageRejectedException(where + " has content-type '" + cut(properties.getContentType())
                    + "', not " + CONTENT_TYPE);
        }
        Map<String, String> raw = headers(where, properties.getHeaders());
        MessageKind kind = kind(where, field(where, KIND, raw.get(KIND), true));
        Destination destination = Destination.parse(field(where, DESTINATION, raw.get(DESTINATION), true));
        String type = field(where, "type", properties.getType(), false);
        if (type == null && payload.length > 0) {
            throw new MessageRejectedException(where + " has a payload but no type");
        }
        String replyTo = field(where, "reply-to", properties.getReplyTo(), false);
        Map<String, String> envelopeHeaders = new HashMap<>();
        raw.forEach((name, value) -> {
            if (!name.startsWith("x-")) {
                envelopeHeaders.put(name, value);
            }
        });
        return new Envelope(messageId, kind, destination, type,
                field(where, SAGA_ID, raw.get(SAGA_ID), false),
                field(where, SAGA_TYPE, raw.get(SAGA_TYPE), false),
                field(where, STEP, raw.get(STEP), false),
                field(where, "correlation-id", properties.getCorrelationId(), false),
                replyTo == null ? null : Destination.parse(replyTo),
                createdAt(where, raw.get(CREATED_AT), properties.getTimestamp()),
                envelopeHeaders, payload);
    }

    /** Reads string headers; broker headers that are not strings ({@code x-death}, counts) are skipped. */
    private static Map<String, String> headers(String where, @Nullable Map<String, Object> headers) {
        Map<String, String> strings = new HashMap<>();
        if (headers == null) {
            return strings;
        }
        if (headers.size() > MAX_HEADERS) {
            throw new MessageRejectedException(where + " has " + headers.size() + " headers, over the limit of "
                    + MAX_HEADERS);
        }
        headers.forEach((name, value) -> {
            if (name.length() > MAX_HEADER_NAME) {
                throw new MessageRejectedException(where + " has a header name of " + name.length()
                        + " characters, over the limit of " + MAX_HEADER_NAME + ": '" + cut(name) + "'");
            }
            String text = switch (value) {
                case LongString longString when longString.length() <= MAX_HEADER_VALUE -> longString.toString();
                case LongString longString -> throw tooLong(where, name, longString.length());
                case String string when string.length() <= MAX_HEADER_VALUE -> string;
                case String string -> throw tooLong(where, name, string.length());
                case null, default -> null;
            };
            if (text != null) {
                strings.put(name, text);
            } else if (!name.startsWith("x-")) {
                throw new MessageRejectedException(where + " has header '" + cut(name) + "' of type "
                        + (value == null ? "null" : value.getClass().getSimpleName()) + ", not a string");
            }
        });
        return strings;
    }

    private static MessageRejectedException tooLong(String where, String name, long length) {
        return new MessageRejectedException(where + " has header '" + cut(name) + "' of " + length
                + " bytes, over the limit of " + MAX_HEADER_VALUE);
    }

    private static @Nullable String field(String where, String name, @Nullable String value, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                throw new MessageRejectedException(where + " has no " + name);
            }
            return null;
        }
        if (value.length() > MAX_FIELD) {
            throw new MessageRejectedException(where + " has a " + name + " of " + value.length()
                    + " characters, over the limit of " + MAX_FIELD);
        }
        return value;
    }

    private static MessageKind kind(String where, @Nullable String text) {
        try {
            return MessageKind.valueOf(String.valueOf(text));
        } catch (IllegalArgumentException e) {
            throw new MessageRejectedException(where + " has unknown kind '" + cut(String.valueOf(text)) + "'", e);
        }
    }

    private static Instant createdAt(String where, @Nullable String text, @Nullable Date timestamp) {
        if (text != null) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new MessageRejectedException(where + " has a malformed " + CREATED_AT + " '" + cut(text) + "'",
                        e);
            }
        }
        if (timestamp == null) {
            throw new MessageRejectedException(where + " has neither " + CREATED_AT + " nor a timestamp");
        }
        return timestamp.toInstant();
    }

    private static void putIfPresent(Map<String, Object> headers, String name, @Nullable String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }

    static String cut(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

}
