package io.sagaflow;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of a saga's history: which step, in which direction and attempt, what happened and when.
 *
 * @param step the step's name, or null for an entry about the whole saga
 * @param direction forward action or compensation
 * @param attempt the attempt number, from 1; 0 for entries about the whole saga
 * @param event what happened
 * @param detail a reason or the message id concerned, or null
 * @param at when it was recorded
 * @since 0.1
 */
public record HistoryEntry(
        @Nullable String step, Direction direction, int attempt, HistoryEvent event, @Nullable String detail,
        Instant at) {

    /** Longest detail kept; longer reasons are cut so that a hostile reply cannot grow the store without bound. */
    public static final int MAX_DETAIL_LENGTH = 1_000;

    /** Checks the fields and cuts an oversized detail. */
    public HistoryEntry {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(at, "at");
        if (detail != null && detail.length() > MAX_DETAIL_LENGTH) {
            detail = detail.substring(0, MAX_DETAIL_LENGTH) + "…";
        }
    }

    @Override
    public String toString() {
        StringBuilder line = new StringBuilder().append(at).append(' ');
        if (step != null) {
            line.append(step).append(direction == Direction.COMPENSATION ? " (compensation)" : "")
                    .append(" #").append(attempt).append(' ');
        }
        line.append(event);
        if (detail != null) {
            line.append(": ").append(detail);
        }
        return line.toString();
    }
}
