package io.sagaflow.test;

import java.util.Objects;

/**
 * One thing exploration or shadow comparison found broken at one failure point.
 *
 * @param point the failure injected
 * @param problem what broke: an invariant's name, the terminal-state rule, a saga that never ended
 * @param trace the saga's history, as readable lines
 * @param runSeed the seed of that run
 * @since 0.1
 */
public record Finding(FailurePoint point, String problem, String trace, long runSeed) {
    /** Checks the fields. */
    public Finding {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(trace, "trace");
    }

    @Override
    public String toString() {
        return "[" + point.id() + "] " + point.description() + "\n  => " + problem + "\n"
                + trace.lines().map(l -> "     " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
