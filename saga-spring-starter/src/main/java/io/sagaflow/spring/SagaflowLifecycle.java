package io.sagaflow.spring;

import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaEngine;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the participant runtime and the engine once every bean is ready, and stops them when the context closes:
 * the engine first (no new commands go out), then the participants. Its phase is below the web server's graceful
 * shutdown, so requests still in flight can start sagas while the server drains.
 *
 * <p>Thread-safe. Stopping is final: the core engine cannot be started again after it was closed.
 *
 * @since 0.1
 */
public final class SagaflowLifecycle implements SmartLifecycle {
    /** Starts before and stops after the web server (whose graceful shutdown runs at DEFAULT_PHASE - 1024). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;
    private static final Logger log = LoggerFactory.getLogger(SagaflowLifecycle.class);

    private final @Nullable SagaEngine engine;
    private final @Nullable ParticipantRuntime runtime;
    private volatile boolean running;
    private boolean stopped;

    /**
     * @param engine the engine, or null when this application runs no orchestrator
     * @param runtime the participant runtime, or null when it hosts no participants
     */
    public SagaflowLifecycle(@Nullable SagaEngine engine, @Nullable ParticipantRuntime runtime) {
        this.engine = engine;
        this.runtime = runtime;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        if (stopped) {
            throw new SagaflowConfigurationException("Sagaflow cannot start again after it was stopped: the engine "
                    + "and participant runtime are closed for good; restart the application instead");
        }
        if (runtime != null) {
            runtime.start();
        }
        if (engine != null) {
            engine.start();
        }
        running = true;
        log.info("Sagaflow started: engine {}, participant runtime {}", engine == null ? "off" : "on",
                runtime == null ? "off" : "on");
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        stopped = true;
        if (engine != null) {
            engine.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        log.info("Sagaflow stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
