package io.sagaflow.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * CPU time so far of the servers' processes on this machine, from {@code /proc/[pid]/stat} (user + system time of
 * every live process named {@code postgres}, and of every one named {@code beam.smp}, RabbitMQ's Erlang VM), taken
 * with the wall clock so that a difference gives the cores each server kept busy. A process that ends between two
 * readings loses its time, which the long-lived pool connections and broker do not.
 *
 * @param postgresTicks clock ticks of PostgreSQL's processes (the postmaster, its workers, one backend a connection)
 * @param rabbitTicks clock ticks of RabbitMQ's Erlang VM
 * @param nanos {@link System#nanoTime()} at the reading
 */
record ServerCpu(long postgresTicks, long rabbitTicks, long nanos) {
    /** {@code USER_HZ}: Linux reports process times in hundredths of a second on every architecture it runs on. */
    private static final double TICKS_PER_SECOND = 100;

    /** @return the servers' CPU time so far, or null where {@code /proc} cannot be read */
    static @Nullable ServerCpu now() {
        long postgres = 0;
        long rabbit = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                String stat;
                try {
                    stat = Files.readString(process.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                // pid (comm) state ppid ...: the name may hold spaces, so fields are counted after its last ')'.
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open) {
                    continue;
                }
                String name = stat.substring(open + 1, close);
                boolean isPostgres = name.equals("postgres");
                if (!isPostgres && !name.equals("beam.smp")) {
                    continue;
                }
                String[] fields = stat.substring(close + 2).split(" ");
                // Fields 14 and 15 of the line (utime, stime) are the 12th and 13th after the name.
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                if (isPostgres) {
                    postgres += ticks;
                } else {
                    rabbit += ticks;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return new ServerCpu(postgres, rabbit, System.nanoTime());
    }

    /**
     * Cores kept busy between two readings.
     *
     * @param postgres by PostgreSQL's processes; NaN without readings
     * @param rabbit by RabbitMQ's Erlang VM; NaN without readings
     */
    record Cores(double postgres, double rabbit) {
        /** Where {@code /proc} could not be read. */
        static final Cores UNKNOWN = new Cores(Double.NaN, Double.NaN);

        /** @return the CPU-µs a saga each server took, at {@code sagasPerSecond} sagas settled a second */
        Cores microsPerSaga(double sagasPerSecond) {
            return new Cores(postgres * 1e6 / sagasPerSecond, rabbit * 1e6 / sagasPerSecond);
        }
    }

    /**
     * @param before the earlier reading, or null
     * @param after the later reading, or null
     * @return cores kept busy between the readings by each server, or {@link Cores#UNKNOWN} without readings
     */
    static Cores cores(@Nullable ServerCpu before, @Nullable ServerCpu after) {
        if (before == null || after == null || after.nanos == before.nanos) {
            return Cores.UNKNOWN;
        }
        double seconds = (after.nanos - before.nanos) / 1e9;
        return new Cores((after.postgresTicks - before.postgresTicks) / TICKS_PER_SECOND / seconds,
                (after.rabbitTicks - before.rabbitTicks) / TICKS_PER_SECOND / seconds);
    }
}
