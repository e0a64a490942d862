package io.sagaflow.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The machine, JDK and library versions a run used, for the report. */
final class Environment {
    /** The fact holding the 1-minute load average read when the suite started. */
    static final String LOAD_AT_START = "Load average at start (1 min)";

    private Environment() {
    }

    static Map<String, String> describe() {
        Map<String, String> facts = new LinkedHashMap<>();
        var os = ManagementFactory.getOperatingSystemMXBean();
        facts.put("CPU cores available to the JVM", Integer.toString(Runtime.getRuntime().availableProcessors()));
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            facts.put("Physical memory", String.format("%.1f GiB", sun.getTotalMemorySize() / (double) (1L << 30)));
        }
        facts.put("Max heap (-Xmx)", String.format("%.1f GiB", Runtime.getRuntime().maxMemory() / (double) (1L << 30)));
        facts.put("JVM options", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> option.startsWith("-X")).toList()));
        facts.put("Transparent huge pages (kernel mode)", kernelChoice("/sys/kernel/mm/transparent_hugepage/enabled"));
        facts.put("DAMON (kernel memory monitor)", damon());
        facts.put(LOAD_AT_START, String.format(java.util.Locale.ROOT, "%.2f", os.getSystemLoadAverage()));
        facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        facts.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("GC", String.join(", ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).toList()));
        Properties versions = versions();
        facts.put("Sagaflow", versions.getProperty("sagaflow.version", "?"));
        facts.put("Axon Framework", versions.getProperty("axon4.version", "?"));
        facts.put("RabbitMQ Java client", versions.getProperty("amqp-client.version", "?"));
        facts.put("PostgreSQL JDBC", versions.getProperty("postgresql.version", "?"));
        facts.put("HdrHistogram / XChart", versions.getProperty("hdrhistogram.version", "?") + " / "
                + versions.getProperty("xchart.version", "?"));
        return facts;
    }

    /** @return the bracketed choice of a kernel setting such as {@code always [madvise] never}, or "unknown" */
    private static String kernelChoice(String file) {
        String text = read(Path.of(file));
        int open = text.indexOf('[');
        int close = text.indexOf(']', open + 1);
        return open >= 0 && close > open ? text.substring(open + 1, close) : "unknown";
    }

    /**
     * @return which kernel DAMON daemons run, with what operations and schemes: a page-out scheme over physical
     *     memory stalled this JVM on 4 KB pages, so the report says whether one was on
     */
    private static String damon() {
        Path kdamonds = Path.of("/sys/kernel/mm/damon/admin/kdamonds");
        if (!Files.isDirectory(kdamonds)) {
            return "not present";
        }
        List<String> running = new ArrayList<>();
        try (var each = Files.list(kdamonds)) {
            for (Path kdamond : each.filter(Files::isDirectory).sorted().toList()) {
                if (!read(kdamond.resolve("state")).equals("on")) {
                    continue;
                }
                Path context = kdamond.resolve("contexts/0");
                List<String> actions = new ArrayList<>();
                try (var schemes = Files.list(context.resolve("schemes"))) {
                    schemes.filter(Files::isDirectory).sorted()
                            .forEach(scheme -> actions.add(read(scheme.resolve("action"))));
                }
                running.add(String.format("on (%s, sampled every %s µs, schemes: %s)",
                        read(context.resolve("operations")),
                        read(context.resolve("monitoring_attrs/intervals/sample_us")),
                        actions.isEmpty() ? "none" : String.join(", ", actions)));
            }
        } catch (IOException | UncheckedIOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return running.isEmpty() ? "off" : String.join("; ", running);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static Properties versions() {
        Properties properties = new Properties();
        try (InputStream in = Environment.class.getResourceAsStream("/sagaflow-benchmarks.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sagaflow-benchmarks.properties", e);
        }
        return properties;
    }
}
