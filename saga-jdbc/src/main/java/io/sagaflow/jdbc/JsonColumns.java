package io.sagaflow.jdbc;

import io.sagaflow.Direction;
import io.sagaflow.HistoryEntry;
import io.sagaflow.HistoryEvent;
import io.sagaflow.SagaStoreException;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON text of the columns that hold lists and maps: history, compensations, headers, and a recorded reply.
 * Stored through small records of their own with stable field names, so that renaming a core type's component never
 * makes stored sagas unreadable. Instants are ISO-8601 strings, exact to the nanosecond.
 */
final class JsonColumns {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<List<StoredHistoryEntry>> HISTORY = new TypeReference<>() { };
    private static final TypeReference<List<Integer>> INTEGERS = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() { };

    private JsonColumns() {
    }

    /** One history line as stored. */
    record StoredHistoryEntry(@Nullable String step, String direction, int attempt, String event,
                              @Nullable String detail, String at) {
    }

    /** A whole message as stored, for the reply an inbox re-sends. */
    record StoredEnvelope(String messageId, String kind, String destination, @Nullable String type,
                          @Nullable String sagaId, @Nullable String sagaType, @Nullable String step,
                          @Nullable String correlationId, @Nullable String replyTo, String createdAt,
                          Map<String, String> headers, byte[] payload) {
    }

    static String history(List<HistoryEntry> history) {
        List<StoredHistoryEntry> rows = new ArrayList<>(history.size());
        for (HistoryEntry e : history) {
            rows.add(new StoredHistoryEntry(e.step(), e.direction().name(), e.attempt(), e.event().name(), e.detail(),
                    e.at().toString()));
        }
        return write(rows);
    }

    static List<HistoryEntry> history(String json) {
        List<HistoryEntry> history = new ArrayList<>();
        for (StoredHistoryEntry row : read(json, HISTORY)) {
            history.add(new HistoryEntry(row.step(), Direction.valueOf(row.direction()), row.attempt(),
                    HistoryEvent.valueOf(row.event()), row.detail(), Instant.parse(row.at())));
        }
        return history;
    }

    static String integers(List<Integer> values) {
        return write(values);
    }

    static List<Integer> integers(String json) {
        return read(json, INTEGERS);
    }

    static String headers(Map<String, String> headers) {
        return write(headers);
    }

    static Map<String, String> headers(String json) {
        return read(json, HEADERS);
    }

    static String envelope(Envelope e) {
        return write(new StoredEnvelope(e.messageId(), e.kind().name(), e.destination().toString(), e.type(),
                e.sagaId(), e.sagaType(), e.step(), e.correlationId(),
                e.replyTo() == null ? null : e.replyTo().toString(), e.createdAt().toString(), e.headers(),
                e.payload()));
    }

    static Envelope envelope(String json) {
        StoredEnvelope s = read(json, new TypeReference<StoredEnvelope>() { });
        return new Envelope(s.messageId(), MessageKind.valueOf(s.kind()), Destination.parse(s.destination()),
                s.type(), s.sagaId(), s.sagaType(), s.step(), s.correlationId(),
                s.replyTo() == null ? null : Destination.parse(s.replyTo()), Instant.parse(s.createdAt()),
                s.headers(), s.payload());
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new SagaStoreException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            String start = json.length() > 80 ? json.substring(0, 80) + "…" : json;
            throw new SagaStoreException("stored JSON does not read as " + type.getType() + ": '" + start + "'", e);
        }
    }
}
