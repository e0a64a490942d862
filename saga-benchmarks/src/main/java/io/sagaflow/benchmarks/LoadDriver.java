package io.sagaflow.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * Drives an {@link OrderSystem}: closed loop (a fixed number of orders in flight, a new one as soon as one settles)
 * for the maximum rate, and open loop (orders arrive at a fixed rate whatever happens) for latency. Latency runs from
 * an order's intended start, so a stalled system is charged for every order that should have started meanwhile: no
 * coordinated omission.
 */
final class LoadDriver {
    private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** How early an arrival thread wakes from its long park, to wait out the rest in short slices. */
    private static final long PARK_MARGIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private final AtomicLong nextOrder = new AtomicLong(1);
    private final LongPredicate expectCompensated;

    /** A driver for the order workload: orders whose number is a multiple of five compensate. */
    LoadDriver() {
        this(Ticket::declined);
    }

    /** @param expectCompensated which order numbers must end compensated */
    LoadDriver(LongPredicate expectCompensated) {
        this.expectCompensated = expectCompensated;
    }

    /**
     * What one measured window saw; {@code threads} is its CPU per saga by kind of thread ({@link ThreadCpu}, empty
     * where {@code /proc} is not readable); {@code bytesPerSaga} the heap bytes the JVM's threads allocated during
     * the window over the sagas settled ({@link #allocatedBytes}), NaN where the JVM does not count them;
     * {@code offeredPerSecond} the arrival rate of an open loop, NaN for a closed loop.
     */
    record Result(String system, String mode, double sagasPerSecond, long settled, long compensated,
                  Histogram latency, double cpuMicrosPerSaga, double bytesPerSaga, GcPauses.Summary gc,
                  ThreadCpu.PerSaga threads, double offeredPerSecond) {
        /** A closed loop's result, or one whose arrival rate is not known. */
        Result(String system, String mode, double sagasPerSecond, long settled, long compensated, Histogram latency,
               double cpuMicrosPerSaga, double bytesPerSaga, GcPauses.Summary gc, ThreadCpu.PerSaga threads) {
            this(system, mode, sagasPerSecond, settled, compensated, latency, cpuMicrosPerSaga, bytesPerSaga, gc,
                    threads, Double.NaN);
        }

        double percentileMicros(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1_000.0;
        }

        /**
         * @return whether an open loop settled fewer than 95% of the sagas that arrived in its window: its backlog
         *     grew, and its latencies say how long the window was rather than what a saga costs
         */
        boolean fellBehind() {
            return offeredPerSecond > 0 && sagasPerSecond < 0.95 * offeredPerSecond;
        }

        /** @return the arrival rate of an open loop, else the rate settled */
        double arrivalsPerSecond() {
            return offeredPerSecond > 0 ? offeredPerSecond : sagasPerSecond;
        }
    }

    /**
     * Places orders from virtual threads, as a service's request threads on virtual threads (Spring Boot's
     * {@code spring.threads.virtual.enabled}) would, for every system alike. A driver waits for a permit whenever
     * its system has {@code inFlight} sagas running; on a platform thread each such wait, and the release that ended
     * it, was a futex call in the kernel, 0.2 a saga at 150,000 sagas/s, charged to a system that settles its sagas
     * on other threads (queued dispatch) and to no system that settles them on the driver's thread (Axon, direct
     * dispatch). By hand (2026-12-07, alternating JVMs, 3-second rounds): queued 10.0–11.3 CPU-µs a saga on virtual
     * drivers against 12.1–15.4 on platform ones, Axon 93–129 against 98–163, direct dispatch 11.9–12.8 against
     * 11.5–11.9.
     *
     * @param system where to place orders
     * @param inFlight orders in flight at once
     * @param drivers threads placing orders (Axon runs each saga on the placing thread)
     * @param warmup discarded time first
     * @param measure measured time
     */
    Result closedLoop(OrderSystem system, int inFlight, int drivers, Duration warmup, Duration measure)
            throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        Window window = new Window(permits, expectCompensated);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < drivers; i++) {
            threads.add(Thread.ofVirtual().name("bench-driver-" + i).start(() -> {
                while (!window.stopped) {
                    try {
                        permits.acquire();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (window.stopped) {
                        permits.release();
                        return;
                    }
                    window.issued.increment();
                    system.place(new Ticket(nextOrder.getAndIncrement(), System.nanoTime(), window));
                }
            }));
        }
        Result result = window.measure(system.name(), "closed loop, " + inFlight + " in flight", warmup, measure,
                Double.NaN);
        window.stopped = true;
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(10));
        }
        window.drain();
        return result;
    }

    /**
     * @param system where to place orders
     * @param ratePerSecond arrivals per second, split evenly over the driver threads
     * @param drivers threads placing orders
     * @param warmup discarded time first
     * @param measure measured time
     */
    Result openLoop(OrderSystem system, double ratePerSecond, int drivers, Duration warmup, Duration measure)
            throws InterruptedException {
        return openLoop(system, ratePerSecond, drivers, warmup, measure, false);
    }

    /**
     * @param system where to place orders
     * @param ratePerSecond arrivals per second, split evenly over the driver threads
     * @param drivers threads timing the arrivals
     * @param warmup discarded time first
     * @param measure measured time
     * @param threadPerArrival whether each order is placed on a virtual thread of its own, as a server's request
     *     threads would place them, instead of on the driver thread: then a placement that blocks (a durable start
     *     waits for its commit) does not hold back the arrivals behind it
     */
    Result openLoop(OrderSystem system, double ratePerSecond, int drivers, Duration warmup, Duration measure,
                    boolean threadPerArrival) throws InterruptedException {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("arrival rate must be positive, was " + ratePerSecond);
        }
        Window window = new Window(null, expectCompensated);
        long intervalNanos = (long) (1e9 * drivers / ratePerSecond);
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < drivers; i++) {
            long offset = intervalNanos * i / drivers;
            threads.add(Thread.ofPlatform().daemon().name("bench-arrivals-" + i).start(() -> {
                for (long n = 0; !window.stopped; n++) {
                    long intended = t0 + offset + n * intervalNanos;
                    long wait;
                    while ((wait = intended - System.nanoTime()) > 0) {
                        // One long park to near the arrival, then short ones: parking in short slices all the way
                        // woke this thread hundreds of times per arrival at a few hundred arrivals a second, and
                        // its CPU (charged to the system under test) and its wake-ups took the servers' cores.
                        LockSupport.parkNanos(wait > PARK_MARGIN_NANOS * 2 ? wait - PARK_MARGIN_NANOS
                                : Math.min(wait, 50_000));
                    }
                    window.issued.increment();
                    Ticket ticket = new Ticket(nextOrder.getAndIncrement(), intended, window);
                    if (threadPerArrival) {
                        Thread.ofVirtual().start(() -> system.place(ticket));
                    } else {
                        system.place(ticket);
                    }
                }
            }));
        }
        Result result = window.measure(system.name(), String.format("open loop, %,.0f/s", ratePerSecond), warmup,
                measure, ratePerSecond);
        window.stopped = true;
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(10));
        }
        window.drain();
        return result;
    }

    /**
     * @return CPU time used by this JVM, all threads (GC and JIT included): on a shared machine the cost per saga
     *     is this over the sagas settled, whatever share of the cores the run got
     */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * @return the heap bytes allocated by all threads of this JVM since it started, ended threads included (HotSpot's
     *     per-thread allocation counters), or -1 where the JVM does not count them: unlike CPU time, it does not
     *     change with the speed of the cores, so it shows a change in the engine's allocation on a noisy host
     */
    static long allocatedBytes() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return threads instanceof com.sun.management.ThreadMXBean counted && counted.isThreadAllocatedMemoryEnabled()
                ? counted.getTotalThreadAllocatedBytes() : -1;
    }

    /** Counts settlements, and records latencies only while the measured window is open. */
    private static final class Window implements Ticket.Sink {
        private final @Nullable Semaphore permits;
        private final Recorder recorder = new Recorder(MAX_LATENCY_NANOS, 3);
        private final LongAdder settled = new LongAdder();
        private final LongAdder compensated = new LongAdder();
        private final LongAdder done = new LongAdder();
        final LongAdder issued = new LongAdder();
        private final LongAdder wrong = new LongAdder();
        private volatile boolean measuring;
        volatile boolean stopped;

        private final LongPredicate expectCompensated;

        Window(@Nullable Semaphore permits, LongPredicate expectCompensated) {
            this.permits = permits;
            this.expectCompensated = expectCompensated;
        }

        @Override
        public void settled(Ticket ticket, boolean wasCompensated, long latencyNanos) {
            if (wasCompensated != expectCompensated.test(ticket.orderNo())) {
                wrong.increment();
            }
            if (measuring) {
                recorder.recordValue(Math.min(latencyNanos, MAX_LATENCY_NANOS));
                settled.increment();
                if (wasCompensated) {
                    compensated.increment();
                }
            }
            done.increment();
            if (permits != null) {
                permits.release();
            }
        }

        @Override
        public void duplicate(Ticket ticket) {
            wrong.increment();
        }

        Result measure(String system, String mode, Duration warmup, Duration measure, double offeredPerSecond)
                throws InterruptedException {
            // The warm-up starts once the first saga has settled: a cold JVM may take longer than a short warm-up.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (done.sum() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(system + ": no saga settled within 30 s");
                }
                Thread.sleep(1);
            }
            Thread.sleep(warmup);
            recorder.reset();
            settled.reset();
            compensated.reset();
            long cpuStart = processCpuNanos();
            long allocatedStart = allocatedBytes();
            ThreadCpu threadsStart = ThreadCpu.now();
            GcPauses.Summary gc;
            measuring = true;
            long start = System.nanoTime();
            try (GcPauses pauses = new GcPauses()) {
                Thread.sleep(measure);
                measuring = false;
                gc = pauses.summary();
            }
            long elapsed = System.nanoTime() - start;
            long cpu = processCpuNanos() - cpuStart;
            long allocatedEnd = allocatedBytes();
            ThreadCpu threadsEnd = ThreadCpu.now();
            Histogram histogram = recorder.getIntervalHistogram();
            long count = settled.sum();
            if (wrong.sum() > 0) {
                throw new IllegalStateException(system + ": " + wrong.sum()
                        + " sagas settled twice or with the wrong status");
            }
            return new Result(system, mode, count * 1e9 / elapsed, count, compensated.sum(), histogram,
                    count == 0 ? Double.NaN : cpu / 1e3 / count,
                    count == 0 || allocatedStart < 0 || allocatedEnd < 0 ? Double.NaN
                            : (allocatedEnd - allocatedStart) / (double) count,
                    gc, threadsEnd.since(threadsStart, count), offeredPerSecond);
        }

        void drain() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (done.sum() < issued.sum()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException((issued.sum() - done.sum())
                            + " sagas still in flight 60 s after the run ended");
                }
                Thread.sleep(5);
            }
            if (wrong.sum() > 0) {
                throw new IllegalStateException(wrong.sum() + " sagas settled twice or with the wrong status");
            }
        }
    }
}
