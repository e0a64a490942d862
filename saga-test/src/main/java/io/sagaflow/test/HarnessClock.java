package io.sagaflow.test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The harness's clock: stands still until the harness (or the test) moves it, so timeouts, retry backoffs, leases
 * and late messages happen exactly when the test says and never because a machine was slow.
 *
 * <p>Thread-safe. Time never goes backwards.
 *
 * @since 0.1
 */
public final class HarnessClock implements InstantSource {
    /** Where every harness clock starts, so traces are the same on every run. */
    public static final Instant DEFAULT_START = Instant.parse("2030-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;

    /** A clock at {@link #DEFAULT_START}. */
    public HarnessClock() {
        this(DEFAULT_START);
    }

    /** @param start the initial time */
    public HarnessClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /**
     * @param duration how far to move, not negative
     * @throws IllegalArgumentException if the duration is negative
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the harness clock never goes back; advance(" + duration + ")");
        }
        now.updateAndGet(t -> t.plus(duration));
    }

    /** @param instant moves the clock there, unless it is already later */
    public void advanceTo(Instant instant) {
        now.updateAndGet(t -> instant.isAfter(t) ? instant : t);
    }
}
