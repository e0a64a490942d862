package io.sagaflow.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The CPU time of each of this JVM's threads, read from {@code /proc/self/task/[tid]/stat} (user and system time,
 * in clock ticks): every native thread, so the JIT compiler's and the garbage collector's threads too, which JFR's
 * execution samples do not show. Between two snapshots the time is summed by {@link #group(String) kind of thread}.
 * Empty where {@code /proc} is not readable. A thread that ended between the two snapshots is not counted.
 *
 * @param ticks thread id → what the thread had used by then
 */
record ThreadCpu(Map<String, Ticks> ticks) {
    /** The JIT compiler's threads, as {@link #group} names them. */
    static final String JIT = "JIT compiler";
    /** The garbage collector's threads, as {@link #group} names them. */
    static final String GC = "garbage collector";
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Linux's USER_HZ, which {@code /proc/[pid]/stat} counts in (100 on every mainstream kernel). */
    private static final double TICKS_PER_SECOND = 100;

    /**
     * One thread's CPU time so far.
     *
     * @param group the kind of thread ({@link #group})
     * @param user user time, in clock ticks
     * @param system system (kernel) time, in clock ticks
     */
    record Ticks(String group, long user, long system) {
    }

    /**
     * What a measured window cost per saga, by kind of thread, in CPU-µs.
     *
     * @param user group → user time per saga
     * @param system group → system (kernel) time per saga
     */
    record PerSaga(Map<String, Double> user, Map<String, Double> system) {
        static final PerSaga NONE = new PerSaga(Map.of(), Map.of());

        /** @return group → user + system time per saga, largest first */
        Map<String, Double> total() {
            Map<String, Double> sum = new HashMap<>(user);
            system.forEach((group, micros) -> sum.merge(group, micros, Double::sum));
            Map<String, Double> sorted = new LinkedHashMap<>();
            sum.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return sorted;
        }
    }

    /** @return every live thread's CPU time so far; empty where {@code /proc/self/task} is not readable */
    static ThreadCpu now() {
        Map<String, Ticks> ticks = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                Ticks parsed = parse(read(task.resolve("stat")));
                if (parsed != null) {
                    ticks.put(task.getFileName().toString(), parsed);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ThreadCpu(Map.of());
        }
        return new ThreadCpu(ticks);
    }

    /**
     * @param before the snapshot at the window's start
     * @param sagas sagas settled in the window
     * @return CPU-µs per saga by kind of thread between {@code before} and this snapshot
     */
    PerSaga since(ThreadCpu before, long sagas) {
        if (sagas <= 0 || ticks.isEmpty()) {
            return PerSaga.NONE;
        }
        Map<String, Double> user = new HashMap<>();
        Map<String, Double> system = new HashMap<>();
        double microsPerTick = 1e6 / TICKS_PER_SECOND;
        ticks.forEach((tid, now) -> {
            Ticks then = before.ticks.get(tid);
            // A thread id reused by a new thread: counted from zero.
            boolean same = then != null && then.group().equals(now.group());
            long userTicks = now.user() - (same ? then.user() : 0);
            long systemTicks = now.system() - (same ? then.system() : 0);
            user.merge(now.group(), userTicks * microsPerTick / sagas, Double::sum);
            system.merge(now.group(), systemTicks * microsPerTick / sagas, Double::sum);
        });
        return new PerSaga(Map.copyOf(user), Map.copyOf(system));
    }

    /**
     * @param line a {@code stat} line: {@code tid (comm) state ...}, utime and stime the 14th and 15th fields
     * @return the thread's kind and time, or null if the line is not one
     */
    static @Nullable Ticks parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open || close + 2 > line.length()) {
            return null;
        }
        String[] fields = line.substring(close + 2).trim().split(" ");
        if (fields.length < 13) {
            return null;
        }
        return new Ticks(group(line.substring(open + 1, close)), Long.parseLong(fields[11]),
                Long.parseLong(fields[12]));
    }

    /**
     * @param name a thread's name as the kernel keeps it (its first 15 characters)
     * @return the kind of work the thread does, as the report names it
     */
    static String group(String name) {
        for (List<String> kind : KINDS) {
            for (int i = 1; i < kind.size(); i++) {
                if (name.startsWith(kind.get(i))) {
                    return kind.get(0);
                }
            }
        }
        return "other threads";
    }

    /** Name of a kind of thread, then the thread-name prefixes that make it up. */
    private static final List<List<String>> KINDS = List.of(
            List.of("RabbitMQ consumers (participant and engine handlers, group commits)", "sagaflow-rabbit"),
            List.of("AMQP client I/O (frames in and out)", "rabbitmq-nio", "AMQP Connection"),
            List.of("outbox relay", "sagaflow-relay"),
            List.of("PostgreSQL LISTEN for the relay", "sagaflow-listen"),
            List.of("virtual-thread carriers (in-memory broker consumers, closed-loop drivers, open-loop starts)",
                    "ForkJoinPool"),
            List.of("open-loop arrival threads", "bench-arrival"),
            List.of(JIT, "C1 CompilerThre", "C2 CompilerThre"),
            List.of(GC, "GC Thread", "G1 ", "GC "));

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return ""; // the thread ended while listing
        }
    }
}
