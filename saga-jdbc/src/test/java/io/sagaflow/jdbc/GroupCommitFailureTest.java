package io.sagaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sagaflow.Direction;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.StepPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the callers of a batch get when the batch writer breaks instead of completing their writes. */
class GroupCommitFailureTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    // A thread per caller: the common pool may have a single thread on a 2-core machine.
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void anErrorInTheWriterFailsEveryWriteOfItsBatchInsteadOfLeavingTheirCallersWaiting() throws Exception {
        CountDownLatch firstBatchHeld = new CountDownLatch(1);
        CountDownLatch releaseFirstBatch = new CountDownLatch(1);
        AtomicInteger batches = new AtomicInteger();
        GroupCommit group = new GroupCommit(64, batch -> {
            if (batches.incrementAndGet() == 1) {
                firstBatchHeld.countDown();
                hold(releaseFirstBatch);
                batch.forEach(w -> w.succeed(w.saga()));
                return;
            }
            throw new StackOverflowError("writer broke"); // an Error, not an exception: nothing catches it on the way
        });
        SagaWrite first = SagaWrite.create(saga(), List.of());
        SagaWrite second = SagaWrite.create(saga(), List.of());
        SagaWrite third = SagaWrite.create(saga(), List.of());

        CompletableFuture<Void> leader = CompletableFuture.runAsync(() -> group.write(first), callers);
        assertThat(firstBatchHeld.await(20, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> secondCaller = CompletableFuture.runAsync(() -> group.write(second), callers);
        CompletableFuture<Void> thirdCaller = CompletableFuture.runAsync(() -> group.write(third), callers);
        await().atMost(Duration.ofSeconds(20)).until(() -> group.queued() == 2);
        releaseFirstBatch.countDown();

        leader.get(20, TimeUnit.SECONDS);
        assertThat(first.outcome()).isEqualTo(first.saga());
        // Whichever of the other two was queued first leads their batch and gets the Error; the other must not hang.
        Throwable secondFailure = failureOf(secondCaller);
        Throwable thirdFailure = failureOf(thirdCaller);
        assertThat(secondFailure == null ^ thirdFailure == null).as("exactly one caller led the broken batch")
                .isTrue();
        assertThat(secondFailure != null ? secondFailure : thirdFailure).isInstanceOf(StackOverflowError.class);
        SagaWrite follower = secondFailure == null ? second : third;
        assertThatThrownBy(follower::outcome).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(follower.saga().id().value()).hasMessageContaining("did not complete it");
        assertThat(group.queued()).isZero();
    }

    /** @return what the caller's thread threw, or null; fails the test if it has not returned within 20 s */
    private static Throwable failureOf(CompletableFuture<Void> caller) throws Exception {
        try {
            caller.get(20, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static void hold(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released within 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SagaRecord saga() {
        return new SagaRecord(SagaId.random(), "place-order", null, SagaStatus.RUNNING, 0, new byte[0], 0,
                Direction.FORWARD, StepPhase.READY, 1, null, null, List.of(), null, List.of(), T0, T0);
    }
}
