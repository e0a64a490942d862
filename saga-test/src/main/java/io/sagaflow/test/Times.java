package io.sagaflow.test;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How often a declared fault strikes: {@link #always()} (the default), {@link #once()} or {@link #times(int)}.
 * Shared by step, compensation and message faults.
 *
 * <p>Thread-safe: the count is taken atomically by whichever thread meets the fault.
 *
 * @param <S> the fault type, returned for chaining
 * @since 0.1
 */
public abstract sealed class Times<S extends Times<S>> permits StepFault, MessageFault {
    private final AtomicInteger remaining = new AtomicInteger(Integer.MAX_VALUE);
    private volatile int limit = Integer.MAX_VALUE;

    Times() {
    }

    /** @param count strike this many times, then never again @return this fault */
    public S times(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a fault strikes at least once, was times(" + count + ")");
        }
        limit = count;
        remaining.set(count);
        return self();
    }

    /** @return this fault, striking only the first time */
    public S once() {
        return times(1);
    }

    /** @return this fault, striking every time (the default) */
    public S always() {
        limit = Integer.MAX_VALUE;
        remaining.set(Integer.MAX_VALUE);
        return self();
    }

    /** @return how many more times the fault strikes */
    public int remaining() {
        return remaining.get();
    }

    /** @return true and counts one strike if the fault still strikes */
    boolean strike() {
        if (limit == Integer.MAX_VALUE) {
            return true;
        }
        return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    String timesText() {
        return limit == Integer.MAX_VALUE ? "always" : limit == 1 ? "once" : limit + " times";
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }
}
