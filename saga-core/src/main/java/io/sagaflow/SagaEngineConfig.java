package io.sagaflow;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link SagaEngine}. Immutable; start from {@link #ofDefaults()} or {@link #builder()}.
 *
 * @param replyGroup the orchestrator group: engines in one group share a reply channel and compete for replies
 * @param timerPollInterval how often stored timers (timeouts, retries, leases) are looked for
 * @param timerBatchSize how many due sagas one poll takes at most
 * @param localStepLease how long a local step may run before another engine may assume this one died
 * @param outboxBatchSize how many outbox messages one relay publish sends at most
 * @param relayThreads how many threads move messages from the store's outbox to the broker: with a database store a
 *     relay waits for the broker's confirms and the database's commit in every batch, and a second one claims the
 *     messages committed meanwhile (each saga's messages still leave in order); an in-memory store relays one batch at
 *     a time whatever this says
 * @param defaultTimeout the reply timeout of participant steps that set none, or null to wait for ever
 * @param maxConcurrentUpdateRetries how often a reply is re-applied after losing an optimistic-lock race
 * @since 0.1
 */
public record SagaEngineConfig(String replyGroup, Duration timerPollInterval, int timerBatchSize,
                               Duration localStepLease, int outboxBatchSize, int relayThreads,
                               @Nullable Duration defaultTimeout, int maxConcurrentUpdateRetries) {

    /** Default orchestrator group. */
    public static final String DEFAULT_REPLY_GROUP = "default";
    /** Default timer poll interval. */
    public static final Duration DEFAULT_TIMER_POLL_INTERVAL = Duration.ofMillis(200);
    /** Default timer batch. */
    public static final int DEFAULT_TIMER_BATCH_SIZE = 500;
    /** Default local step lease. */
    public static final Duration DEFAULT_LOCAL_STEP_LEASE = Duration.ofSeconds(30);
    /** Default outbox batch. */
    public static final int DEFAULT_OUTBOX_BATCH_SIZE = 256;
    /**
     * Default relay threads: with PostgreSQL and RabbitMQ on 2 cores, two relays took a command from its saga's commit
     * to its participant in 3.3 to 4.1 ms at the median against 4.3 to 22.8 ms with one (three alternating runs at
     * 250 sagas/s; docs/performance.md, "Durable").
     */
    public static final int DEFAULT_RELAY_THREADS = 2;
    /** The most relay threads an engine runs. */
    public static final int MAX_RELAY_THREADS = 64;
    /** Default optimistic retries. */
    public static final int DEFAULT_MAX_CONCURRENT_UPDATE_RETRIES = 20;

    /** Checks every setting. */
    public SagaEngineConfig {
        Objects.requireNonNull(replyGroup, "replyGroup");
        new io.sagaflow.spi.Destination(io.sagaflow.spi.Destination.Kind.REPLIES, replyGroup);
        requirePositive(timerPollInterval, "timerPollInterval");
        requirePositive(localStepLease, "localStepLease");
        if (defaultTimeout != null) {
            requirePositive(defaultTimeout, "defaultTimeout");
        }
        if (timerBatchSize < 1 || outboxBatchSize < 1 || maxConcurrentUpdateRetries < 1) {
            throw new IllegalArgumentException("batch sizes and retries must be >= 1, were " + timerBatchSize + ", "
                    + outboxBatchSize + ", " + maxConcurrentUpdateRetries);
        }
        if (relayThreads < 1 || relayThreads > MAX_RELAY_THREADS) {
            throw new IllegalArgumentException("relayThreads must be between 1 and " + MAX_RELAY_THREADS + ", was "
                    + relayThreads);
        }
    }

    /** @return the defaults */
    public static SagaEngineConfig ofDefaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }

    /** Builds a {@link SagaEngineConfig}. */
    public static final class Builder {
        private String replyGroup = DEFAULT_REPLY_GROUP;
        private Duration timerPollInterval = DEFAULT_TIMER_POLL_INTERVAL;
        private int timerBatchSize = DEFAULT_TIMER_BATCH_SIZE;
        private Duration localStepLease = DEFAULT_LOCAL_STEP_LEASE;
        private int outboxBatchSize = DEFAULT_OUTBOX_BATCH_SIZE;
        private int relayThreads = DEFAULT_RELAY_THREADS;
        private @Nullable Duration defaultTimeout;
        private int maxConcurrentUpdateRetries = DEFAULT_MAX_CONCURRENT_UPDATE_RETRIES;

        private Builder() {
        }

        /** @param group the orchestrator group @return this builder */
        public Builder replyGroup(String group) {
            this.replyGroup = group;
            return this;
        }

        /** @param interval timer poll interval @return this builder */
        public Builder timerPollInterval(Duration interval) {
            this.timerPollInterval = interval;
            return this;
        }

        /** @param size timer batch size @return this builder */
        public Builder timerBatchSize(int size) {
            this.timerBatchSize = size;
            return this;
        }

        /** @param lease local step lease @return this builder */
        public Builder localStepLease(Duration lease) {
            this.localStepLease = lease;
            return this;
        }

        /** @param size outbox batch size @return this builder */
        public Builder outboxBatchSize(int size) {
            this.outboxBatchSize = size;
            return this;
        }

        /** @param threads outbox relay threads @return this builder */
        public Builder relayThreads(int threads) {
            this.relayThreads = threads;
            return this;
        }

        /** @param timeout default reply timeout @return this builder */
        public Builder defaultTimeout(@Nullable Duration timeout) {
            this.defaultTimeout = timeout;
            return this;
        }

        /** @param retries optimistic-lock retries @return this builder */
        public Builder maxConcurrentUpdateRetries(int retries) {
            this.maxConcurrentUpdateRetries = retries;
            return this;
        }

        /** @return the config */
        public SagaEngineConfig build() {
            return new SagaEngineConfig(replyGroup, timerPollInterval, timerBatchSize, localStepLease,
                    outboxBatchSize, relayThreads, defaultTimeout, maxConcurrentUpdateRetries);
        }
    }
}
