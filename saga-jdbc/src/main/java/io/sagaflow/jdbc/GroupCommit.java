package io.sagaflow.jdbc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Coalesces saga writes from concurrent callers into shared transactions, leader and followers: a caller arriving
 * while no batch is being written leads one at once (no added delay); callers arriving while a batch commits queue
 * up, and the next batch takes everything queued, oldest first, up to the maximum. A leader writes batches until its
 * own write is done, then hands the lead to the oldest caller still queued, so no caller writes for others for long.
 *
 * <p>Every caller blocks until its own write is done, and then returns its own outcome.
 */
final class GroupCommit {
    private final int maxBatch;
    private final Consumer<List<SagaWrite>> writer;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<SagaWrite> queue = new ArrayDeque<>();
    private final LongAdder batches = new LongAdder();
    private boolean leading;

    /**
     * @param maxBatch the most writes in one transaction
     * @param writer writes a batch and completes each of its writes, whatever happens
     */
    GroupCommit(int maxBatch, Consumer<List<SagaWrite>> writer) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.writer = writer;
    }

    /** Writes, alone or with others, and returns once this write is done; read its {@link SagaWrite#outcome()}. */
    void write(SagaWrite write) {
        boolean lead;
        lock.lock();
        try {
            queue.add(write);
            lead = !leading;
            leading = true;
        } finally {
            lock.unlock();
        }
        if (lead || write.awaitTurn()) {
            lead(write);
        }
    }

    private void lead(SagaWrite own) {
        try {
            while (!own.isDone()) {
                writeBatch();
            }
        } finally {
            handOver();
        }
    }

    private void writeBatch() {
        List<SagaWrite> batch = new ArrayList<>();
        lock.lock();
        try {
            for (SagaWrite next; batch.size() < maxBatch && (next = queue.poll()) != null; ) {
                batch.add(next);
            }
        } finally {
            lock.unlock();
        }
        batches.increment();
        RuntimeException broken = null;
        try {
            writer.accept(batch);
        } catch (RuntimeException e) {
            broken = e;
        } finally {
            // The writer completes every write; a bug or an Error there (out of memory, say) must not leave the
            // other callers of the batch waiting for ever: they are neither queued nor done any more.
            for (SagaWrite w : batch) {
                if (!w.isDone()) {
                    w.fail(new IllegalStateException(w.describe() + ": the batch writer did not complete it",
                            broken));
                }
            }
        }
    }

    private void handOver() {
        lock.lock();
        try {
            SagaWrite next = queue.peek();
            if (next == null) {
                leading = false;
            } else {
                next.promote();
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return how many batches were written, for tests and gauges */
    long batches() {
        return batches.sum();
    }

    /** @return how many writes wait for a batch, for tests */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }
}
