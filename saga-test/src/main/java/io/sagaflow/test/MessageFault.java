package io.sagaflow.test;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A declared fault of the message transport, applied by the harness's broker wrapper when a matching message is
 * published: duplicated, delayed (held until the harness clock passes a time), lost for good, reordered behind the
 * next message to the same place, or failed on its first delivery (lost before the acknowledgement, so the broker
 * delivers it again).
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class MessageFault extends Times<MessageFault> {
    /** What happens to a matching message. */
    public enum Kind {
        /** Delivered twice. */
        DUPLICATE,
        /** Held until the clock passes publish time plus the delay. */
        DELAY,
        /** Never delivered. */
        DROP,
        /** Delivered after the next message to the same destination. */
        REORDER,
        /** Its first delivery fails before the acknowledgement; the broker delivers it again. */
        FAIL_FIRST_DELIVERY
    }

    private final Kind kind;
    private final Messages messages;
    private final @Nullable Duration delay;

    MessageFault(Kind kind, Messages messages, @Nullable Duration delay) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.delay = delay;
        if (kind == Kind.DELAY && (delay == null || delay.isNegative() || delay.isZero())) {
            throw new IllegalArgumentException("a delay must be positive, was " + delay + " for " + messages);
        }
    }

    /** @return what the fault does */
    public Kind kind() {
        return kind;
    }

    /** @return which messages it hits */
    public Messages messages() {
        return messages;
    }

    /** @return the delay of a {@link Kind#DELAY} fault, else null */
    public @Nullable Duration delay() {
        return delay;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " " + messages
                + (delay == null ? "" : " by " + delay) + " " + timesText();
    }
}
