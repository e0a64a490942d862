package io.sagaflow.benchmarks;

import io.sagaflow.benchmarks.SagaflowMessages.ChargePayment;
import io.sagaflow.benchmarks.SagaflowMessages.OrderConfirmed;
import io.sagaflow.benchmarks.SagaflowMessages.OrderData;
import io.sagaflow.benchmarks.SagaflowMessages.PaymentCharged;
import io.sagaflow.benchmarks.SagaflowMessages.ReserveStock;
import io.sagaflow.benchmarks.SagaflowMessages.StockReserved;
import io.sagaflow.codec.JacksonMessageCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the in-memory saga's two unavoidable costs come to with no engine at all, measured in the same run: a message
 * handed from one virtual thread to another through a queue (a queued saga crosses five such hand-offs), and the
 * default Jackson codec writing a saga's eight values (its five messages and three changes of its data). Together they
 * are the floor of a saga that is queued and written as JSON, whatever the engine does; set beside the CPU per saga
 * that 10× Axon allows, they say how much of that budget the design takes and how much is the engine's own.
 */
final class InMemoryFloors {
    /** The hand-offs of a queued saga: driver → inventory → orchestrator → payment → orchestrator. */
    static final int HAND_OFFS_PER_SAGA = 5;
    /** Values a saga writes as JSON: its five messages and three changes of its data. */
    static final int JSON_VALUES_PER_SAGA = 8;
    /** Messages in flight around the ring, as sagas are in the closed loop. */
    private static final int IN_FLIGHT = 256;

    /**
     * @param handOffMicros the JVM's CPU time per hand-off between virtual threads through a queue
     * @param jsonMicrosPerSaga one thread's CPU time to write a saga's eight values with the default codec
     */
    record Floors(double handOffMicros, double jsonMicrosPerSaga) {
        /** @return both floors for one saga, in CPU-µs */
        double perSaga() {
            return HAND_OFFS_PER_SAGA * handOffMicros + jsonMicrosPerSaga;
        }
    }

    private InMemoryFloors() {
    }

    static Floors measure(Duration duration) throws InterruptedException {
        return new Floors(handOff(duration), json(duration));
    }

    /**
     * A ring of {@link #HAND_OFFS_PER_SAGA} virtual threads, each taking a message from its queue and adding it to the
     * next one's, with {@link #IN_FLIGHT} messages going round: the process's CPU time over the hand-offs, after as
     * long again of warm-up.
     */
    static double handOff(Duration duration) throws InterruptedException {
        List<LinkedBlockingQueue<long[]>> queues = new ArrayList<>();
        for (int i = 0; i < HAND_OFFS_PER_SAGA; i++) {
            queues.add(new LinkedBlockingQueue<>());
        }
        LongAdder handOffs = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> stages = new ArrayList<>();
        for (int i = 0; i < HAND_OFFS_PER_SAGA; i++) {
            LinkedBlockingQueue<long[]> in = queues.get(i);
            LinkedBlockingQueue<long[]> out = queues.get((i + 1) % HAND_OFFS_PER_SAGA);
            stages.add(Thread.ofVirtual().name("floor-stage-" + i).start(() -> {
                try {
                    while (!stop.get()) {
                        long[] message = in.poll(10, TimeUnit.MILLISECONDS);
                        if (message != null) {
                            message[0]++;
                            handOffs.increment();
                            out.add(message);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (int i = 0; i < IN_FLIGHT; i++) {
            queues.getFirst().add(new long[1]);
        }
        try {
            Thread.sleep(duration.toMillis());
            long count = handOffs.sum();
            long cpu = processCpuNanos();
            Thread.sleep(duration.toMillis());
            return (processCpuNanos() - cpu) / 1e3 / (handOffs.sum() - count);
        } finally {
            stop.set(true);
            for (Thread stage : stages) {
                stage.join();
            }
        }
    }

    /** The default codec writing a saga's values on this thread: its CPU time per saga, after as long of warm-up. */
    static double json(Duration duration) {
        JacksonMessageCodec codec = JacksonMessageCodec.ofDefaults();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long bytes = writeSagas(codec, duration.toNanos(), new long[1]);
        long[] sagas = new long[1];
        long cpu = threads.getCurrentThreadCpuTime();
        bytes += writeSagas(codec, duration.toNanos(), sagas);
        double micros = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / sagas[0];
        if (bytes <= 0) {
            throw new IllegalStateException("the codec wrote nothing");
        }
        return micros;
    }

    /** @return bytes written, so the work cannot be optimised away; {@code sagas[0]} counts the sagas written */
    private static long writeSagas(JacksonMessageCodec codec, long nanos, long[] sagas) {
        long bytes = 0;
        long end = System.nanoTime() + nanos;
        for (long order = 0; System.nanoTime() < end; order++) {
            String reservation = "res-" + order;
            String payment = "pay-" + order;
            OrderData data = new OrderData(order, 4_999, null, null);
            bytes += codec.encodeSagaData(data).length;
            bytes += codec.encode(new ReserveStock(order, "sku-42", 1)).length;
            bytes += codec.encode(new StockReserved(reservation)).length;
            data = data.withReservation(reservation);
            bytes += codec.encodeSagaData(data).length;
            bytes += codec.encode(new ChargePayment(order, 4_999)).length;
            bytes += codec.encode(new PaymentCharged(payment)).length;
            bytes += codec.encodeSagaData(data.withPayment(payment)).length;
            bytes += codec.encode(new OrderConfirmed(order, payment)).length;
            sagas[0]++;
        }
        return bytes;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
