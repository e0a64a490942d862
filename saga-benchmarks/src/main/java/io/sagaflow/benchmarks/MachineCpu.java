package io.sagaflow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole machine's CPU time so far, from the first line of {@code /proc/stat} (every process and the kernel): how
 * busy the cores were over a run, and how much of that busy time the kernel spent (system calls, interrupts, thread
 * wake-ups), which a profile of Java threads does not show.
 *
 * @param user jiffies in user mode (user + nice)
 * @param kernel jiffies in the kernel (system + irq + softirq)
 * @param idle jiffies idle or waiting for I/O
 * @param total all jiffies
 */
record MachineCpu(long user, long kernel, long idle, long total) {
    private static final Logger log = LoggerFactory.getLogger(MachineCpu.class);

    /** @return the machine's CPU time so far, or null where /proc/stat cannot be read */
    static @Nullable MachineCpu now() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            return new MachineCpu(Long.parseLong(f[1]) + Long.parseLong(f[2]),
                    Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]),
                    Long.parseLong(f[4]) + Long.parseLong(f[5]), total);
        } catch (IOException | RuntimeException e) {
            log.debug("cannot read /proc/stat: {}", e.toString());
            return null;
        }
    }

    /** @return the share of the machine's CPU time that was busy (neither idle nor waiting for I/O) since, or NaN */
    static double busy(@Nullable MachineCpu before, @Nullable MachineCpu after) {
        if (before == null || after == null || after.total == before.total) {
            return Double.NaN;
        }
        long elapsed = after.total - before.total;
        return (elapsed - (after.idle - before.idle)) / (double) elapsed;
    }

    /** @return the share of the busy time since that the kernel spent, or NaN */
    static double kernelShare(@Nullable MachineCpu before, @Nullable MachineCpu after) {
        if (before == null || after == null) {
            return Double.NaN;
        }
        long kernel = after.kernel - before.kernel;
        long busy = kernel + after.user - before.user;
        return busy == 0 ? Double.NaN : kernel / (double) busy;
    }
}
