package io.sagaflow.test;

import io.sagaflow.spi.SagaRecord;

/**
 * Thrown by the harness's crashing store right after a chosen transition was persisted: the orchestrator "dies"
 * there, and the harness builds a fresh engine on the same store and broker.
 *
 * <p>An {@link Error} on purpose, not a {@link io.sagaflow.SagaException}: the engine catches runtime exceptions
 * (a timer that fails is logged and polled again), and a crash must stop the engine's thread exactly where a dying
 * process would stop, with nothing after the write running. Users never catch it; the harness does.
 *
 * @since 0.1
 */
public final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    /** The record that was persisted just before the crash. */
    private final transient SagaRecord persisted;

    /**
     * @param persisted the record written just before the crash
     * @param transition what the write recorded, for the message
     */
    public SimulatedCrash(SagaRecord persisted, String transition) {
        super("simulated orchestrator crash after persisting " + persisted + ": " + transition, null, false, false);
        this.persisted = persisted;
    }

    /** @return the record written just before the crash */
    public SagaRecord persisted() {
        return persisted;
    }
}
