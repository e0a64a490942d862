package io.sagaflow.test;

import io.sagaflow.Participant;
import java.util.List;

/**
 * The participants of one run together with the state they change: exploration and shadow comparison take a
 * {@code Supplier} of fresh worlds, so every run starts from the same state and an invariant reads only that run's
 * effects.
 *
 * <p>Implementations hold their state in thread-safe structures: handlers run on broker threads while the harness
 * reads the state from the test's thread after the run.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface SagaWorld {
    /** @return the participants, whose handlers change this world's state */
    List<Participant> participants();
}
