package io.sagaflow.test;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ShadowComparison} found: how many cases ran, and each case where the saga's end state differs from
 * the monolith's.
 *
 * @param saga the saga's name
 * @param seed the comparison's seed
 * @param cases inputs times failure points
 * @param mismatches the differing cases
 * @param <D> the input type
 * @param <E> the end state type
 * @since 0.1
 */
public record ShadowReport<D, E>(String saga, long seed, int cases, List<Mismatch<D, E>> mismatches) {
    /** Copies the list. */
    public ShadowReport {
        mismatches = List.copyOf(mismatches);
    }

    /** @throws AssertionError with the whole report if any case differs */
    public void assertNoMismatches() {
        if (!mismatches.isEmpty()) {
            throw new AssertionError(toString());
        }
    }

    @Override
    public String toString() {
        String head = "shadow comparison of saga '" + saga + "' with its reference: " + cases + " case(s), "
                + mismatches.size() + " mismatch(es), seed " + seed;
        return mismatches.isEmpty() ? head : head + "\n\n" + mismatches.stream().map(Mismatch::toString)
                .collect(Collectors.joining("\n\n"));
    }

    /**
     * One case where the saga and the reference disagree.
     *
     * @param input the input
     * @param point the failure injected
     * @param expected the reference's end state
     * @param actual the saga's end state, or null if the saga did not end
     * @param trace the saga's history, or why it did not end
     * @param <D> the input type
     * @param <E> the end state type
     */
    public record Mismatch<D, E>(D input, FailurePoint point, @Nullable E expected, @Nullable E actual,
                                 String trace) {
        /** Checks the fields. */
        public Mismatch {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(point, "point");
            Objects.requireNonNull(trace, "trace");
        }

        @Override
        public String toString() {
            return "[" + point.id() + "] " + point.description() + " on " + input + "\n  monolith: " + expected
                    + "\n  saga:     " + actual + "\n" + trace.lines().map(l -> "     " + l)
                    .collect(Collectors.joining("\n"));
        }
    }
}
