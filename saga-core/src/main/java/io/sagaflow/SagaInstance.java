package io.sagaflow;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one saga: status, data and history, as read from the store.
 *
 * @param id the saga
 * @param sagaType its type
 * @param businessKey its business key, or null
 * @param status where it stands
 * @param failureReason why it compensated or failed, or null
 * @param currentStep the step under way (forward or compensating), or null once settled
 * @param data the saga data, decoded
 * @param history what happened, oldest first
 * @param createdAt when it started
 * @param updatedAt when it last changed
 * @param version the store version
 * @since 0.1
 */
public record SagaInstance(SagaId id, String sagaType, @Nullable String businessKey, SagaStatus status,
                           @Nullable String failureReason, @Nullable String currentStep, Object data,
                           List<HistoryEntry> history, Instant createdAt, Instant updatedAt, long version) {

    /** Copies the history. */
    public SagaInstance {
        history = List.copyOf(history);
    }

    /**
     * @param type the saga data's class
     * @param <T> the data type
     * @return the data
     * @throws ClassCastException if the data is of another type
     */
    public <T> T data(Class<T> type) {
        return type.cast(data);
    }

    /** @return the steps whose compensation succeeded, in the order they were compensated */
    public List<String> compensatedSteps() {
        return history.stream()
                .filter(h -> h.direction() == Direction.COMPENSATION && h.event() == HistoryEvent.SUCCEEDED)
                .map(HistoryEntry::step)
                .toList();
    }

    /** @return the steps whose action succeeded, in order */
    public List<String> completedSteps() {
        return history.stream()
                .filter(h -> h.direction() == Direction.FORWARD && h.event() == HistoryEvent.SUCCEEDED)
                .map(HistoryEntry::step)
                .toList();
    }

    /** @return the history as readable lines, for logs and assertion messages */
    public String trace() {
        return "saga " + sagaType + "/" + id + (businessKey == null ? "" : " [" + businessKey + "]") + " " + status
                + (failureReason == null ? "" : " (" + failureReason + ")") + "\n"
                + history.stream().map(h -> "  " + h).collect(Collectors.joining("\n"));
    }
}
