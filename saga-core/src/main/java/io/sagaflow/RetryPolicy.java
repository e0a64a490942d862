package io.sagaflow;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often and how fast a failed step or compensation is tried again: exponential backoff with jitter, up to a
 * number of attempts.
 *
 * @param maxAttempts attempts in all, including the first; {@link Integer#MAX_VALUE} for no limit
 * @param initialBackoff the wait before the second attempt
 * @param multiplier how much each wait grows, at least 1
 * @param maxBackoff the longest wait
 * @param jitter the fraction, 0 to 1, by which each wait is randomly shortened or lengthened
 * @since 0.1
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
                          double jitter) {

    /** Attempts of a compensatable or pivot step by default. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Attempts of a compensation by default, before the saga fails and waits for a person. */
    public static final int DEFAULT_COMPENSATION_ATTEMPTS = 10;
    /** First backoff by default. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    /** Longest backoff by default. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    /** Backoff growth by default. */
    public static final double DEFAULT_MULTIPLIER = 2.0;
    /** Jitter by default. */
    public static final double DEFAULT_JITTER = 0.2;

    /**
     * @throws IllegalArgumentException for a non-positive attempt count, a negative backoff, a multiplier below 1,
     *     or a jitter outside 0 to 1
     */
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative, was " + initialBackoff + "/" + maxBackoff);
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be 0 to 1, was " + jitter);
        }
    }

    /** @return {@value #DEFAULT_MAX_ATTEMPTS} attempts with the default backoff */
    public static RetryPolicy ofDefaults() {
        return attempts(DEFAULT_MAX_ATTEMPTS);
    }

    /** @return the default policy of compensations: {@value #DEFAULT_COMPENSATION_ATTEMPTS} attempts */
    public static RetryPolicy compensationDefaults() {
        return attempts(DEFAULT_COMPENSATION_ATTEMPTS);
    }

    /** @return retry with the default backoff for ever: the default of retriable steps */
    public static RetryPolicy forever() {
        return attempts(Integer.MAX_VALUE);
    }

    /** @return a single attempt, never retried */
    public static RetryPolicy none() {
        return attempts(1);
    }

    /** @param maxAttempts attempts in all @return that many attempts with the default backoff */
    public static RetryPolicy attempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, DEFAULT_INITIAL_BACKOFF, DEFAULT_MULTIPLIER, DEFAULT_MAX_BACKOFF,
                DEFAULT_JITTER);
    }

    /** @param initial first wait @param max longest wait @return a copy with that backoff */
    public RetryPolicy withBackoff(Duration initial, Duration max) {
        return new RetryPolicy(maxAttempts, initial, multiplier, max, jitter);
    }

    /** @param jitterFraction 0 to 1 @return a copy with that jitter */
    public RetryPolicy withJitter(double jitterFraction) {
        return new RetryPolicy(maxAttempts, initialBackoff, multiplier, maxBackoff, jitterFraction);
    }

    /** @param failedAttempt the attempt that just failed, from 1 @return whether another attempt is allowed */
    public boolean allowsAnotherAfter(int failedAttempt) {
        return failedAttempt < maxAttempts;
    }

    /**
     * @param failedAttempt the attempt that just failed, from 1
     * @param random source of jitter
     * @return how long to wait before the next attempt
     */
    public Duration backoffAfter(int failedAttempt, RandomGenerator random) {
        double base = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, failedAttempt - 1));
        double capped = Math.min(base, maxBackoff.toNanos());
        double spread = capped * jitter * (random.nextDouble() * 2 - 1);
        return Duration.ofNanos(Math.max(0, Math.round(capped + spread)));
    }
}
