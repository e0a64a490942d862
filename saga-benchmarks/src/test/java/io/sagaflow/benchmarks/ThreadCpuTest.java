package io.sagaflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-thread CPU figures of the report: parsing {@code /proc} lines and the arithmetic between snapshots. */
class ThreadCpuTest {

    @Test
    void readsUserAndSystemTicksAfterANameWithSpacesAndParentheses() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        assertThat(ThreadCpu.parse("4242 (C2 CompilerThre) S 1 1 1 0 -1 4194368 10 0 0 0 731 12 0 0 20 0"))
                .isEqualTo(new ThreadCpu.Ticks(ThreadCpu.JIT, 731, 12));
        assertThat(ThreadCpu.parse("7 (a) b (c) R 1 1 1 0 -1 0 0 0 0 0 5 6 0 0 20 0"))
                .isEqualTo(new ThreadCpu.Ticks("other threads", 5, 6));

        assertThat(ThreadCpu.parse("garbage")).isNull();
        assertThat(ThreadCpu.parse("1 (short) S 1 2")).isNull();
    }

    @Test
    void groupsThreadsByTheirNamePrefix() {
        assertThat(ThreadCpu.group("sagaflow-rabbit")).startsWith("RabbitMQ consumers");
        assertThat(ThreadCpu.group("rabbitmq-nio")).startsWith("AMQP client I/O");
        assertThat(ThreadCpu.group("GC Thread#1")).isEqualTo(ThreadCpu.GC);
        assertThat(ThreadCpu.group("G1 Conc#0")).isEqualTo(ThreadCpu.GC);
        assertThat(ThreadCpu.group("C1 CompilerThre")).isEqualTo(ThreadCpu.JIT);
        assertThat(ThreadCpu.group("ForkJoinPool-1-")).startsWith("virtual-thread carriers");
        assertThat(ThreadCpu.group("main")).isEqualTo("other threads");
    }

    @Test
    void chargesEachThreadItsTicksSinceTheFirstSnapshotPerSaga() {
        ThreadCpu before = new ThreadCpu(Map.of(
                "1", new ThreadCpu.Ticks(ThreadCpu.GC, 100, 10),
                "2", new ThreadCpu.Ticks(ThreadCpu.JIT, 50, 0),
                "3", new ThreadCpu.Ticks(ThreadCpu.GC, 7, 7)));
        ThreadCpu after = new ThreadCpu(Map.of(
                "1", new ThreadCpu.Ticks(ThreadCpu.GC, 150, 30),
                // Thread id 2 reused by a thread of another kind: all its ticks are new.
                "2", new ThreadCpu.Ticks("other threads", 4, 1),
                "3", new ThreadCpu.Ticks(ThreadCpu.GC, 17, 7),
                "9", new ThreadCpu.Ticks(ThreadCpu.JIT, 2, 0)));

        ThreadCpu.PerSaga perSaga = after.since(before, 1_000);

        // A tick is 10 ms: (50 + 10) user ticks over 1,000 sagas = 600 µs a saga.
        assertThat(perSaga.user().get(ThreadCpu.GC)).isCloseTo(600.0, within(1e-9));
        assertThat(perSaga.system().get(ThreadCpu.GC)).isCloseTo(200.0, within(1e-9));
        assertThat(perSaga.user().get("other threads")).isCloseTo(40.0, within(1e-9));
        assertThat(perSaga.user().get(ThreadCpu.JIT)).isCloseTo(20.0, within(1e-9));
        assertThat(perSaga.total().keySet()).containsExactly(ThreadCpu.GC, "other threads", ThreadCpu.JIT);
        assertThat(after.since(before, 0)).isEqualTo(ThreadCpu.PerSaga.NONE);
    }

    @Test
    void readsThisJvmsOwnThreadsWhereProcIsThere() {
        ThreadCpu now = ThreadCpu.now();
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task"))) {
            assertThat(now.ticks()).isNotEmpty();
            assertThat(now.ticks().values()).allSatisfy(t -> assertThat(t.user()).isNotNegative());
        } else {
            assertThat(now.ticks()).isEmpty();
        }
    }
}
