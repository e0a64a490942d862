package io.sagaflow.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The report's tables of CPU per saga by kind of thread ({@link ThreadCpu}): where the JVM's CPU went, the JIT
 * compiler's and the garbage collector's threads included, which the JFR samples leave out.
 */
final class ThreadCpuText {
    private ThreadCpuText() {
    }

    /**
     * The in-memory section's table: the median closed-loop round of each system.
     *
     * @param md the report
     * @param runs the median rounds
     */
    static void inMemory(Report md, List<LoadDriver.Result> runs) {
        md.line("## CPU by thread");
        md.line("");
        md.line("From `/proc/self/task/*/stat`: the user and kernel time of every thread of the JVM, in 10-ms ticks,"
                + " over the median closed-loop round of each system, in CPU-µs per saga with the kernel's part in"
                + " brackets. Unlike the JFR samples above, this counts the garbage collector's and the JIT"
                + " compiler's threads and the time threads spend in the kernel (waking and parking each other,"
                + " among others). Threads that ended during a window are not counted; the last row sets the rows'"
                + " sum beside the process's CPU time per saga, which the tables above use. Sagaflow's in-memory"
                + " consumers and every closed loop's drivers are virtual threads, so their work shows on the carrier"
                + " threads that ran them.");
        md.line("");
        if (!table(md, runs)) {
            md.line("Not measured: `/proc/self/task` is not readable here.");
            md.line("");
            return;
        }
        for (LoadDriver.Result run : runs) {
            double gc = share(run, ThreadCpu.GC);
            if (!Double.isNaN(gc)) {
                md.line(String.format("- %s: the garbage collector's threads took %.0f%% of the CPU counted, the"
                        + " JIT compiler's %.0f%%.", run.system(), 100 * gc, 100 * share(run, ThreadCpu.JIT)));
            }
        }
        md.line("");
        md.line("A young collection here copies only what is still alive in the young generation (the sagas in"
                + " flight and the ended sagas the store keeps), so the collector costs little CPU; what it costs"
                + " is the pause, which every saga in flight waits out (the open loop's latency above).");
        md.line("");
    }

    /**
     * The durable section's table and what it shows about the JIT compiler.
     *
     * @param md the report
     * @param closed the closed-loop run
     * @param open the open-loop run
     * @param warmup the closed loop's warm-up
     */
    static void durable(Report md, LoadDriver.Result closed, LoadDriver.Result open, java.time.Duration warmup) {
        md.line("By thread, from `/proc/self/task/*/stat` (CPU-µs per saga, the kernel's part in brackets; every"
                + " thread of the JVM, the JIT compiler's and the garbage collector's included, which the samples"
                + " above leave out):");
        md.line("");
        if (!table(md, List.of(closed, open))) {
            md.line("Not measured: `/proc/self/task` is not readable here.");
            md.line("");
            return;
        }
        double jit = share(closed, ThreadCpu.JIT);
        md.line(String.format("The JIT compiler still took %.0f%% of the CPU counted in the closed-loop window,"
                + " after a warm-up of %.0f s on the durable setup: at a few hundred sagas a second the AMQP and JDBC"
                + " code paths take long to be called often enough to be compiled, and rarely taken branches keep"
                + " sending compiled methods back to be compiled again (by hand, with `-XX:+PrintCompilation`, some"
                + " 50 methods a second were still made not entrant 15 to 30 s into a durable run; in a 15-s"
                + " closed-loop window the compiler took 17%% of the JVM's CPU after 17 s of warm-up and 4%% after"
                + " 62 s). A service that runs for hours pays that"
                + " once, so the JVM's CPU per saga here overstates its steady cost by about that share. The kernel"
                + " time of the consumer and I/O threads is their socket calls to RabbitMQ and PostgreSQL and their"
                + " wake-ups of each other.", 100 * jit, warmup.toMillis() / 1e3));
        md.line("");
    }

    /**
     * Writes one column per run: user + system CPU-µs per saga, and the system part.
     *
     * @param md the report
     * @param runs the measured windows to compare; those without thread figures are left out
     * @return whether a table was written
     */
    static boolean table(Report md, List<LoadDriver.Result> runs) {
        List<LoadDriver.Result> shown = new ArrayList<>();
        Set<String> groups = new LinkedHashSet<>();
        for (LoadDriver.Result run : runs) {
            if (!run.threads().user().isEmpty()) {
                shown.add(run);
                groups.addAll(run.threads().total().keySet());
            }
        }
        if (shown.isEmpty()) {
            return false;
        }
        StringBuilder header = new StringBuilder("| Threads |");
        StringBuilder rule = new StringBuilder("|---|");
        for (LoadDriver.Result run : shown) {
            header.append(' ').append(run.system()).append(", ").append(run.mode()).append(" |");
            rule.append("---:|");
        }
        md.line(header.toString());
        md.line(rule.toString());
        for (String group : groups) {
            if (shown.stream().allMatch(run -> run.threads().total().getOrDefault(group, 0.0) == 0)) {
                continue;
            }
            StringBuilder row = new StringBuilder("| ").append(group).append(" |");
            for (LoadDriver.Result run : shown) {
                double user = run.threads().user().getOrDefault(group, 0.0);
                double system = run.threads().system().getOrDefault(group, 0.0);
                row.append(String.format(" %.1f (kernel %.1f) |", user + system, system));
            }
            md.line(row.toString());
        }
        StringBuilder sum = new StringBuilder("| **all threads counted** (the process's own CPU time) |");
        for (LoadDriver.Result run : shown) {
            double all = run.threads().total().values().stream().mapToDouble(Double::doubleValue).sum();
            sum.append(String.format(" **%.1f** (%.1f) |", all, run.cpuMicrosPerSaga()));
        }
        md.line(sum.toString());
        md.line("");
        return true;
    }

    /**
     * @param r a measured window
     * @param group a kind of thread ({@link ThreadCpu#group})
     * @return that kind's share of the CPU its threads used, or NaN without thread figures
     */
    static double share(LoadDriver.Result r, String group) {
        double all = r.threads().total().values().stream().mapToDouble(Double::doubleValue).sum();
        return all <= 0 ? Double.NaN : r.threads().total().getOrDefault(group, 0.0) / all;
    }
}
