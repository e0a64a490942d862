package io.sagaflow.benchmarks;

import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaDefinition;
import io.sagaflow.benchmarks.SagaflowMessages.ChargePayment;
import io.sagaflow.benchmarks.SagaflowMessages.OrderConfirmed;
import io.sagaflow.benchmarks.SagaflowMessages.OrderData;
import io.sagaflow.benchmarks.SagaflowMessages.ReleaseStock;
import io.sagaflow.benchmarks.SagaflowMessages.ReserveStock;
import io.sagaflow.benchmarks.SagaflowMessages.StockReserved;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.MessageBroker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How Sagaflow's in-memory cost grows: with sagas in flight (sagas parked on a participant that does not answer until
 * released) and with steps per saga.
 */
final class ScalingBench {
    /** The order saga, but its first step waits on "warehouse", which has no consumer until released. */
    static final SagaDefinition<OrderData> HELD_ORDER = SagaDefinition.builder("held-order", OrderData.class)
            .step("reserve-inventory")
            .invokeParticipant("warehouse", o -> new ReserveStock(o.orderNo(), "sku-" + o.orderNo() % 100, 1))
            .onReply(StockReserved.class, (o, r) -> o.withReservation(r.reservationId()))
            .withCompensation("warehouse", o -> new ReleaseStock(o.orderNo(), o.reservationId()))
            .step("charge-payment")
            .invokeParticipant("payment", o -> new ChargePayment(o.orderNo(), o.amountCents()))
            .pivot()
            .step("send-confirmation")
            .publish("order-events", o -> new OrderConfirmed(o.orderNo(), o.paymentId()))
            .retriable()
            .build();

    /**
     * One in-flight level.
     *
     * @param inFlight sagas parked
     * @param heapBytesPerSaga heap after GC per parked saga, including its queued command
     * @param parkPerSecond how fast they were started
     * @param throughput the order workload's rate with them parked
     * @param releasePerSecond how fast the parked sagas settled once released
     */
    record InFlight(int inFlight, double heapBytesPerSaga, double parkPerSecond, LoadDriver.Result throughput,
                    double releasePerSecond) {
    }

    /**
     * One chain length.
     *
     * @param steps steps per saga
     * @param result the closed-loop run
     */
    record Steps(int steps, LoadDriver.Result result) {
        double stepsPerSecond() {
            return result.sagasPerSecond() * steps;
        }

        double cpuMicrosPerStep() {
            return result.cpuMicrosPerSaga() / steps;
        }
    }

    /** Above this many parked sagas the release is not timed. */
    static final int MAX_RELEASED = 100_000;

    private final int inFlightOrders;
    private final Duration warmup;
    private final Duration measure;

    ScalingBench(int inFlightOrders, Duration warmup, Duration measure) {
        this.inFlightOrders = inFlightOrders;
        this.warmup = warmup;
        this.measure = measure;
    }

    InFlight inFlight(int parked) throws InterruptedException {
        LongAdder released = new LongAdder();
        InMemoryMessageBroker broker = new InMemoryMessageBroker();
        try (SagaflowOrderSystem system = new SagaflowOrderSystem(broker, new InMemorySagaStore(),
                SagaflowOrderSystem.PLACE_ORDER, List.of(HELD_ORDER))) {
            long before = usedHeapAfterGc();
            long start = System.nanoTime();
            AtomicLong next = new AtomicLong(-1);
            List<Thread> starters = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                starters.add(Thread.ofPlatform().start(() -> {
                    long n;
                    while ((n = next.incrementAndGet()) < parked) {
                        // Numbers 1 mod 5 are never declined: every parked saga completes once released.
                        system.engine().startSaga(HELD_ORDER, new OrderData(n * 5 + 1, 1_999, null, null));
                    }
                }));
            }
            for (Thread starter : starters) {
                starter.join();
            }
            awaitQueued(broker, parked);
            double parkRate = parked * 1e9 / (System.nanoTime() - start);
            long after = usedHeapAfterGc();
            LoadDriver.Result result = new LoadDriver().closedLoop(system, inFlightOrders, 2, warmup, measure);

            if (parked > MAX_RELEASED) {
                // Releasing a million sagas takes over a minute on two shared cores; the rate is known from below.
                return new InFlight(parked, (after - before) / (double) parked, parkRate, result, Double.NaN);
            }
            long releaseStart = System.nanoTime();
            try (ParticipantRuntime warehouse = warehouse(broker, released)) {
                warehouse.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (released.sum() < parked && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                if (released.sum() < parked) {
                    throw new IllegalStateException("only " + released.sum() + " of " + parked
                            + " parked sagas settled after release");
                }
            }
            double releaseRate = parked * 1e9 / (System.nanoTime() - releaseStart);
            return new InFlight(parked, (after - before) / (double) parked, parkRate, result, releaseRate);
        }
    }

    private static ParticipantRuntime warehouse(MessageBroker broker, LongAdder released) {
        // The runtime subscribes its participants in order: the events group must exist before the warehouse takes
        // its first command, or a saga released at once can confirm before anyone listens and is never counted.
        ParticipantRuntime runtime = ParticipantRuntime.builder().broker(broker)
                .participant(Participant.builder("held-notifications")
                        .onEvent("order-events", OrderConfirmed.class, e -> {
                            if (e.orderNo() % 5 == 1) {
                                released.increment();
                            }
                        })
                        .build())
                .participant(Participant.builder("warehouse")
                        .onCommand(ReserveStock.class, (c, ctx) ->
                                CommandOutcome.success(new StockReserved("r-" + c.orderNo())))
                        .onCommand(ReleaseStock.class, (c, ctx) -> CommandOutcome.success())
                        .build())
                .build();
        return runtime;
    }

    private static void awaitQueued(InMemoryMessageBroker broker, int parked) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (broker.queued(Destination.commands("warehouse"), MessageBroker.DEFAULT_GROUP) < parked) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("parked sagas' commands did not reach the broker in 120 s");
            }
            Thread.sleep(10);
        }
    }

    Steps steps(int steps) throws InterruptedException {
        try (SagaflowOrderSystem system = new SagaflowOrderSystem(new InMemoryMessageBroker(),
                new InMemorySagaStore(), SagaflowOrderSystem.chain(steps), List.of())) {
            return new Steps(steps, new LoadDriver(n -> false).closedLoop(system, inFlightOrders, 2, warmup, measure));
        }
    }

    /** @return heap in use after a full collection */
    static long usedHeapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
