package io.sagaflow.spring;

import io.sagaflow.SagaStatus;
import io.sagaflow.spi.BrokerState;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.SagaQuery;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.SagaStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Sagaflow's health: DOWN when the store cannot be read; otherwise UP with the number of sagas per status, FAILED
 * sagas (waiting for a person), stuck sagas (RUNNING or COMPENSATING and unchanged for
 * {@code sagaflow.health.stuck-after}), messages waiting in the outbox (a growing number means the broker does not
 * accept them) and the broker's {@link BrokerState}. Failed or stuck sagas make it DOWN unless
 * {@code sagaflow.health.down-on-problems=false}; a broker that reports itself {@link BrokerState#DISCONNECTED} or
 * {@link BrokerState#CLOSED} makes it DOWN always (nothing moves until it is back).
 *
 * <p>Thread-safe. Looks at no more than {@value #MAX_SCANNED} candidate sagas per status for stuck ones, and says so
 * when it stopped there.
 *
 * @since 0.1
 */
public final class SagaflowHealthIndicator extends AbstractHealthIndicator {
    /** The most sagas per status read when looking for stuck ones. */
    public static final int MAX_SCANNED = 10_000;

    private final SagaStore store;
    private final MessageBroker broker;
    private final HealthSettings settings;
    private final InstantSource clock;

    /**
     * @param store the saga store
     * @param broker the broker, named in the details
     * @param settings thresholds
     * @param clock the clock
     */
    public SagaflowHealthIndicator(SagaStore store, MessageBroker broker, HealthSettings settings,
                                   InstantSource clock) {
        super("Sagaflow health check failed");
        this.store = Objects.requireNonNull(store, "store");
        this.broker = Objects.requireNonNull(broker, "broker");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        BrokerState brokerState = broker.state();
        Map<SagaStatus, Long> counts = store.countByStatus();
        long failed = counts.getOrDefault(SagaStatus.FAILED, 0L);
        Instant cutoff = clock.instant().minus(settings.getStuckAfter());
        long stuck = stuck(SagaStatus.RUNNING, cutoff) + stuck(SagaStatus.COMPENSATING, cutoff);
        builder.withDetail("store", store.getClass().getSimpleName())
                .withDetail("broker", broker.getClass().getSimpleName())
                .withDetail("brokerState", brokerState)
                .withDetail("sagas", counts)
                .withDetail("failed", failed)
                .withDetail("stuck", stuck)
                .withDetail("stuckAfter", settings.getStuckAfter().toString())
                .withDetail("outboxPending", store.outbox().pending());
        if (brokerState == BrokerState.DISCONNECTED || brokerState == BrokerState.CLOSED) {
            builder.down().withDetail("problem", "the message broker is " + brokerState
                    + ": no command, reply or event moves until it is connected again");
        } else if (settings.isDownOnProblems() && (failed > 0 || stuck > 0)) {
            builder.down().withDetail("problem", failed + " failed saga(s) wait for a person and " + stuck
                    + " saga(s) have not moved for " + settings.getStuckAfter()
                    + "; see /actuator/sagas?status=FAILED");
        } else {
            builder.up();
        }
    }

    private long stuck(SagaStatus status, Instant cutoff) {
        long stuck = 0;
        // A saga not updated since the cut-off was created before it too: the store filters on that.
        for (int offset = 0; offset < MAX_SCANNED; offset += SagaQuery.MAX_LIMIT) {
            List<SagaRecord> page = store.query(new SagaQuery(null, status, null, null, cutoff, offset,
                    SagaQuery.MAX_LIMIT));
            stuck += page.stream().filter(r -> r.updatedAt().isBefore(cutoff)).count();
            if (page.size() < SagaQuery.MAX_LIMIT) {
                break;
            }
        }
        return stuck;
    }
}
