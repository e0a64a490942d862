package io.sagaflow.test;

import static org.awaitility.Awaitility.await;

import io.sagaflow.SagaId;
import io.sagaflow.spi.SagaRecord;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one saga to its end: waits until nothing is in flight, then moves the clock to the next due timer or held
 * message and fires it, restarting the engine after simulated crashes, until the saga has settled and nothing is
 * held any more.
 */
final class Driver {
    private static final Logger log = LoggerFactory.getLogger(Driver.class);
    /** How long everything must stay still before the harness calls the system quiet. */
    private static final Duration QUIET_WINDOW = Duration.ofMillis(4);
    /** The longest wait for quiet; past it something is stuck in a queue nobody consumes. */
    private static final Duration QUIET_LIMIT = Duration.ofSeconds(2);
    private static final int MAX_STEPS = 2_000;

    private final SagaHarness harness;
    private final SagaId id;
    private final long deadline;

    Driver(SagaHarness harness, SagaId id, Duration timeout) {
        this.harness = harness;
        this.id = id;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    void drive() {
        FaultyBroker broker = harness.broker();
        for (int step = 0; ; step++) {
            harness.restartIfCrashed();
            awaitQuiet();
            if (harness.restartIfCrashed()) {
                continue;
            }
            SagaRecord record = harness.environment().store().find(id)
                    .orElseThrow(() -> new SagaHarnessException("no saga " + id + " in the store"));
            boolean settled = record.status().isSettled();
            Instant next = earliest(settled ? null : record.wakeAt(), broker.nextRelease());
            if (next == null) {
                if (broker.releaseReordered()) {
                    continue;
                }
                if (settled) {
                    return;
                }
                throw new SagaHarnessException("saga " + record.sagaType() + " " + id + " waits for ever: "
                        + record.phase() + " at step " + record.stepIndex() + " " + record.direction()
                        + " with no timer (a lost reply on a step without timeout?); lost messages: "
                        + broker.dropped() + "\n" + trace());
            }
            if (step >= MAX_STEPS || System.nanoTime() > deadline) {
                throw new SagaHarnessException("saga " + record.sagaType() + " " + id + " did not settle after "
                        + step + " clock moves; still " + record.status() + "\n" + trace());
            }
            harness.clock().advanceTo(next);
            broker.releaseDue();
            try {
                harness.engine().processDueTimers();
            } catch (SimulatedCrash crash) {
                log.debug("harness: orchestrator crashed while firing timers: {}", crash.getMessage());
            }
        }
    }

    private String trace() {
        return harness.engine().find(id).map(io.sagaflow.SagaInstance::trace).orElse("(no saga)");
    }

    private void awaitQuiet() {
        FaultyBroker broker = harness.broker();
        long[] lastActivity = {-1};
        long[] quietSince = {0};
        try {
            await().dontCatchUncaughtExceptions().atMost(QUIET_LIMIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        if (harness.crashPending()) {
                            return true;
                        }
                        long activity = broker.activity();
                        boolean idle = broker.inFlight() <= 0 && broker.outboxInTransit() <= 0
                                && harness.environment().store().outbox().pending() == 0;
                        if (!idle || activity != lastActivity[0]) {
                            lastActivity[0] = activity;
                            quietSince[0] = System.nanoTime();
                            return false;
                        }
                        return System.nanoTime() - quietSince[0] >= QUIET_WINDOW.toNanos();
                    });
        } catch (ConditionTimeoutException e) {
            log.warn("harness: saga {} still has {} message(s) in flight after {}; going on (a queue nobody "
                    + "consumes, or a message dead-lettered?)", id, broker.inFlight(), QUIET_LIMIT);
        }
    }

    private static @Nullable Instant earliest(@Nullable Instant a, @Nullable Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
