package io.sagaflow;

import java.util.Objects;

/**
 * What a local step or local compensation returns: done, with the (possibly updated) saga data, or rejected on
 * business grounds. Throwing an exception instead is a technical failure, retried by the step's policy.
 *
 * @param <D> the saga data type
 * @since 0.1
 */
public sealed interface LocalResult<D> {
    /**
     * @param data the saga data to carry on with
     * @param <D> the saga data type
     * @return success
     */
    static <D> LocalResult<D> done(D data) {
        return new Done<>(data);
    }

    /**
     * @param reason why, for the saga's history
     * @param <D> the saga data type
     * @return a business failure: the saga compensates
     */
    static <D> LocalResult<D> rejected(String reason) {
        return new Rejected<>(reason);
    }

    /**
     * Success.
     *
     * @param data the saga data to carry on with
     * @param <D> the saga data type
     */
    record Done<D>(D data) implements LocalResult<D> {
        /** Checks the data is present. */
        public Done {
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * A business failure.
     *
     * @param reason why
     * @param <D> the saga data type
     */
    record Rejected<D>(String reason) implements LocalResult<D> {
        /** Checks the reason is present. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
