package io.sagaflow.test;

import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaEngineConfig;
import io.sagaflow.SagaEvent;
import io.sagaflow.spi.SagaStore;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's lives in one harness: the current {@link Generation}, the crashes so far, and the restart onto
 * the same store and broker after each crash. Crashes are reported from any thread; the driver restarts on its own.
 */
final class Generations {
    private static final Logger log = LoggerFactory.getLogger(Generations.class);

    private final FaultyBroker broker;
    private final SagaStore store;
    private final CrashPlan plan;
    private final HarnessClock clock;
    private final SagaEngineConfig config;
    private final List<SagaDefinition<?>> definitions;
    private final List<SagaEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicReference<@Nullable SimulatedCrash> pending = new AtomicReference<>();
    private final List<SimulatedCrash> crashes = new CopyOnWriteArrayList<>();
    private @Nullable Generation current;
    private int count;

    Generations(FaultyBroker broker, SagaStore store, CrashPlan plan, HarnessClock clock, SagaEngineConfig config,
                List<SagaDefinition<?>> definitions) {
        this.broker = broker;
        this.store = store;
        this.plan = plan;
        this.clock = clock;
        this.config = config;
        this.definitions = definitions;
    }

    boolean started() {
        return current != null;
    }

    void start() {
        current = new Generation(++count, broker, store, plan, clock, config, definitions, events::add,
                this::crashed);
        current.start();
    }

    SagaEngine engine() {
        return Objects.requireNonNull(current, "no engine started").engine();
    }

    void crashed(SimulatedCrash crash) {
        // A dead generation's threads meet the same crash again; it counts once.
        if (crashes.stream().noneMatch(c -> c == crash) && pending.compareAndSet(null, crash)) {
            crashes.add(crash);
        }
    }

    /** Builds the next generation if the current one crashed. @return true if it did */
    boolean restartIfCrashed() {
        SimulatedCrash crash = pending.get();
        if (crash == null) {
            return false;
        }
        Objects.requireNonNull(current).bury();
        log.info("harness: orchestrator generation {} died ({}); generation {} resumes from the store", count,
                crash.getMessage(), count + 1);
        start();
        pending.set(null);
        return true;
    }

    boolean crashPending() {
        return pending.get() != null;
    }

    int crashes() {
        return crashes.size();
    }

    List<SagaEvent> events() {
        return List.copyOf(events);
    }

    void close() {
        if (current != null) {
            current.close();
        }
    }
}
