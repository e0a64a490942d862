package io.sagaflow.test;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link SagaExplorer} found: the points it ran and every finding, with the seed and how to rerun a point.
 *
 * @param saga the saga's name
 * @param seed the explorer's seed
 * @param explored the failure points run, in order
 * @param findings what broke, in the order found
 * @since 0.1
 */
public record ExplorationReport(String saga, long seed, List<FailurePoint> explored, List<Finding> findings) {
    /** Copies the lists. */
    public ExplorationReport {
        explored = List.copyOf(explored);
        findings = List.copyOf(findings);
    }

    /** @return true if nothing broke */
    public boolean isClean() {
        return findings.isEmpty();
    }

    /** @return the ids of the points where something broke, without repeats */
    public List<String> failingPoints() {
        return findings.stream().map(f -> f.point().id()).distinct().toList();
    }

    /** @throws AssertionError with the whole report if anything broke */
    public void assertNoFindings() {
        if (!isClean()) {
            throw new AssertionError(toString());
        }
    }

    @Override
    public String toString() {
        String head = "exploration of saga '" + saga + "': " + explored.size() + " failure point(s), "
                + findings.size() + " finding(s), seed " + seed;
        if (findings.isEmpty()) {
            return head;
        }
        String rerun = "rerun one point: SagaExplorer...seed(" + seed + "L).only(\"<point>\"), or run the test with "
                + "-D" + SagaTestExtension.SEED_PROPERTY + "=" + seed + " -D" + SagaExplorer.POINT_PROPERTY
                + "=<point>";
        return head + "\n" + rerun + "\n\n" + findings.stream().map(Finding::toString)
                .collect(Collectors.joining("\n\n"));
    }
}
