package io.sagaflow.axon;

import java.util.Objects;

/**
 * What an {@link AxonSagaStarter} takes from an event: the new saga's data and its business key. The key makes the
 * start idempotent: the same event handled twice (redelivery, replay) finds the saga the first one started.
 *
 * @param data the saga's data
 * @param businessKey the idempotency key, e.g. the order id; not blank
 * @param <D> the saga data type
 * @since 0.1
 */
public record SagaStart<D>(D data, String businessKey) {
    /** @throws IllegalArgumentException if the business key is blank */
    public SagaStart {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(businessKey, "businessKey");
        if (businessKey.isBlank()) {
            throw new IllegalArgumentException("a saga started from an event needs a business key, was blank");
        }
    }
}
