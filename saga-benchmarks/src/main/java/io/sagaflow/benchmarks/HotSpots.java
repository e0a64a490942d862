package io.sagaflow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Profiles a run with JDK Flight Recorder's execution sampler (what {@code -XX:StartFlightRecording} records) and
 * summarises the samples: the methods on top of the stack, the share of samples each area of code is in, and the
 * Sagaflow methods with the most samples under them.
 */
final class HotSpots {
    /** Areas by the first matching frame prefix, in order; the rest is "other". */
    private static final Map<String, List<String>> AREAS = areas();

    /**
     * @param samples samples taken
     * @param selfTop methods on top of the stack, share of samples
     * @param areas share of samples per area: each sample goes to the area of its frame nearest the top of the stack
     * @param sagaflowInclusive Sagaflow methods, share of samples with the method anywhere on the stack
     * @param recording the JFR file, kept for {@code jfr print --events jdk.ExecutionSample}
     */
    record Profile(long samples, Map<String, Double> selfTop, Map<String, Double> areas,
                   Map<String, Double> sagaflowInclusive, Path recording) {
    }

    private HotSpots() {
    }

    static <T> Profile profile(Path recordingFile, Callable<T> work) throws Exception {
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(5));
            recording.start();
            work.call();
            recording.stop();
            Files.createDirectories(recordingFile.toAbsolutePath().getParent());
            recording.dump(recordingFile);
        }
        return summarise(recordingFile);
    }

    static Profile summarise(Path file) throws IOException {
        Map<String, Long> self = new LinkedHashMap<>();
        Map<String, Long> areas = new LinkedHashMap<>();
        Map<String, Long> inclusive = new LinkedHashMap<>();
        long samples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                samples++;
                self.merge(name(frames.get(0)), 1L, Long::sum);
                areas.merge(area(frames), 1L, Long::sum);
                Set<String> seenMethods = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String method = name(frame);
                    if (method.startsWith("io.sagaflow.") && !method.startsWith("io.sagaflow.benchmarks.")
                            && !method.contains("$$Lambda")) {
                        seenMethods.add(method);
                    }
                }
                seenMethods.forEach(m -> inclusive.merge(m, 1L, Long::sum));
            }
        }
        return new Profile(samples, top(self, samples, 15), top(areas, samples, 20), top(inclusive, samples, 15),
                file);
    }

    /** @return the area of the frame nearest the top of the stack that belongs to one: where the CPU was spent */
    private static String area(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String method = name(frame);
            for (var area : AREAS.entrySet()) {
                if (area.getValue().stream().anyMatch(method::startsWith)) {
                    return area.getKey();
                }
            }
        }
        return "other (engine logic, collections, JDK)";
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static Map<String, Double> top(Map<String, Long> counts, long samples, int limit) {
        Map<String, Double> top = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(limit)
                .forEach(e -> top.put(e.getKey(), samples == 0 ? 0 : 100.0 * e.getValue() / samples));
        return top;
    }

    private static Map<String, List<String>> areas() {
        Map<String, List<String>> areas = new LinkedHashMap<>();
        areas.put("JSON encoding and decoding (Jackson, JacksonMessageCodec)",
                List.of("tools.jackson.", "io.sagaflow.codec."));
        areas.put("message and saga ids (UniqueIds, UUID, SecureRandom)",
                List.of("io.sagaflow.spi.support.UniqueIds", "java.util.UUID", "sun.security.provider."));
        areas.put("regular expressions", List.of("java.util.regex."));
        areas.put("thread hand-offs (park/unpark, virtual thread scheduling)",
                List.of("java.util.concurrent.locks.LockSupport", "java.lang.System$1.unparkVirtualThread",
                        "java.lang.VirtualThread.unpark", "java.lang.VirtualThread.park",
                        "java.lang.VirtualThread.submitRunContinuation", "jdk.internal.misc.Unsafe.park",
                        "jdk.internal.misc.Unsafe.unpark", "java.util.concurrent.ForkJoinPool"));
        areas.put("broker queues (LinkedBlockingQueue, publish)",
                List.of("java.util.concurrent.LinkedBlockingQueue",
                        "io.sagaflow.inmemory.InMemoryMessageBroker.publish"));
        areas.put("participant inbox (deduplication)", List.of("io.sagaflow.inmemory.InMemoryParticipantInbox"));
        areas.put("saga store and outbox (in-memory)",
                List.of("io.sagaflow.inmemory.InMemorySagaStore", "io.sagaflow.inmemory.InMemoryOutbox"));
        areas.put("history entries and saga records", List.of("io.sagaflow.HistoryEntry", "io.sagaflow.spi.SagaRecord",
                "io.sagaflow.internal.WorkingSaga"));
        areas.put("PostgreSQL JDBC driver and HikariCP (durable store)", List.of("org.postgresql.", "com.zaxxer."));
        areas.put("RabbitMQ client (durable broker)", List.of("com.rabbitmq."));
        areas.put("logging (SLF4J/Logback)", List.of("ch.qos.logback.", "org.slf4j."));
        return areas;
    }
}
