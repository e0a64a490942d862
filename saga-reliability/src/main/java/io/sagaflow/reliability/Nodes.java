package io.sagaflow.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chaos run's node processes: starts each {@link ChaosNode} as its own JVM with its own log file per
 * incarnation, kills one with SIGKILL ({@link Process#destroyForcibly()}), and sums the nodes' last printed
 * statistics. Used from the driver thread and the fault thread; methods are synchronized.
 */
final class Nodes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Nodes.class);
    private static final Pattern STATS = Pattern.compile("STATS published=(\\d+) duplicated=(\\d+)");
    private final Path logDirectory;
    private final Map<String, List<String>> arguments = new LinkedHashMap<>();
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final List<Path> logs = new ArrayList<>();
    private int incarnation;
    private int selfDeaths;
    private volatile boolean closed;

    Nodes(Path logDirectory) {
        this.logDirectory = logDirectory;
    }

    synchronized void define(String name, List<String> nodeArguments) {
        arguments.put(name, List.copyOf(nodeArguments));
    }

    synchronized void startAll() {
        arguments.keySet().forEach(this::start);
    }

    synchronized void start(String name) {
        Path logFile = logDirectory.resolve(name + "-" + (++incarnation) + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), ChaosNode.class.getName()));
        command.addAll(arguments.get(name));
        try {
            Files.createDirectories(logDirectory);
            running.put(name, new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logFile.toFile()).start());
            logs.add(logFile);
            log.info("started {} (log {})", name, logFile);
        } catch (IOException e) {
            throw new HarnessException("cannot start node " + name, e);
        }
    }

    /** Kills the node with SIGKILL and waits until it is gone. */
    synchronized void kill(String name) {
        Process process = running.remove(name);
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new HarnessException("node " + name + " (pid " + process.pid() + ") survived kill -9");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted killing node " + name, e);
        }
        log.info("killed {} (pid {})", name, process.pid());
    }

    /** Restarts, every second, a node that died by itself (e.g. started while a server was away). */
    void watch() {
        Thread.ofPlatform().daemon().name("chaos-watchdog").start(() -> {
            while (!closed) {
                List<String> dead = dead();
                if (!dead.isEmpty()) {
                    log.warn("nodes died by themselves, restarting them: {}", dead);
                    dead.forEach(name -> {
                        synchronized (this) {
                            running.remove(name);
                            selfDeaths++;
                            start(name);
                        }
                    });
                }
                Servers.pause(java.time.Duration.ofSeconds(1));
            }
        });
    }

    synchronized int selfDeaths() {
        return selfDeaths;
    }

    /** @return the nodes that died by themselves */
    synchronized List<String> dead() {
        return running.entrySet().stream().filter(e -> !e.getValue().isAlive()).map(Map.Entry::getKey).toList();
    }

    /** @return messages published and duplicates added, summed over every incarnation's last report */
    synchronized long[] publishedAndDuplicated() {
        long published = 0;
        long duplicated = 0;
        for (Path file : logs) {
            try {
                Matcher last = null;
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    Matcher m = STATS.matcher(line);
                    if (m.find()) {
                        last = m;
                    }
                }
                if (last != null) {
                    published += Long.parseLong(last.group(1));
                    duplicated += Long.parseLong(last.group(2));
                }
            } catch (IOException e) {
                throw new HarnessException("cannot read node log " + file, e);
            }
        }
        return new long[] {published, duplicated};
    }

    @Override
    public synchronized void close() {
        closed = true;
        new ArrayList<>(running.keySet()).forEach(this::kill);
    }
}
