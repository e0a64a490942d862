package io.sagaflow.jdbc;

import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.SagaRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One caller's saga write waiting for its transaction: a create or a versioned update with the transition's
 * messages, and, once written, its outcome. Completed exactly once, by whichever thread wrote it.
 */
final class SagaWrite {
    private final SagaRecord saga;
    private final long expectedVersion;
    private final boolean create;
    private final List<Envelope> messages;
    /** Completes with true when this write's caller is to lead the next batch, with false when it was written. */
    private final CompletableFuture<Boolean> wake = new CompletableFuture<>();
    private volatile boolean done;
    private @Nullable SagaRecord stored;
    private @Nullable RuntimeException failure;

    private SagaWrite(SagaRecord saga, long expectedVersion, boolean create, List<Envelope> messages) {
        this.saga = saga;
        this.expectedVersion = expectedVersion;
        this.create = create;
        this.messages = List.copyOf(messages);
    }

    static SagaWrite create(SagaRecord saga, List<Envelope> messages) {
        return new SagaWrite(saga, -1, true, messages);
    }

    static SagaWrite update(SagaRecord saga, long expectedVersion, List<Envelope> messages) {
        return new SagaWrite(saga, expectedVersion, false, messages);
    }

    SagaRecord saga() {
        return saga;
    }

    long expectedVersion() {
        return expectedVersion;
    }

    boolean isCreate() {
        return create;
    }

    List<Envelope> messages() {
        return messages;
    }

    /** @return "create saga T id" or "update saga T id", for failure messages */
    String describe() {
        return (create ? "cannot create saga " : "cannot update saga ") + saga.sagaType() + " " + saga.id();
    }

    /** Written: {@code result} is what the caller gets (the saga itself, or the one holding its business key). */
    void succeed(SagaRecord result) {
        stored = result;
        finish();
    }

    /** Not written: the caller gets this exception. */
    void fail(RuntimeException e) {
        failure = e;
        finish();
    }

    private void finish() {
        done = true;
        wake.complete(false);
    }

    boolean isDone() {
        return done;
    }

    /** Hands the lead of the next batch to this write's waiting caller. */
    void promote() {
        wake.complete(true);
    }

    /**
     * Waits, without giving up on interrupts (the write may be committing), until this write is done or its caller
     * is promoted.
     *
     * @return true if promoted to lead
     */
    boolean awaitTurn() {
        return wake.join();
    }

    /** @return what the caller gets once done; throws the write's failure */
    SagaRecord outcome() {
        if (!done) {
            throw new IllegalStateException(describe() + ": not written yet");
        }
        if (failure != null) {
            throw failure;
        }
        return java.util.Objects.requireNonNull(stored);
    }
}
