package io.sagaflow.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
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

    private static Properties versions() {
        Properties properties = new Properties();
        try (InputStream in = Environment.class.getResourceAsStream("/sagaflow-benchmarks.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read sagaflow-benchmarks.properties", e);
        }
        return properties;
    }
}
