package io.sagaflow.axon;

import io.sagaflow.SagaException;
import java.io.Serial;

/**
 * Thrown by an Axon command handler to refuse a saga's command on business grounds ("out of stock", "card
 * declined"): {@link AxonCommandBroker} answers it with a failure reply, so the saga compensates instead of retrying.
 * Any other exception is a technical failure, retried by the step's {@link io.sagaflow.RetryPolicy}.
 *
 * <p>Returning {@link io.sagaflow.CommandOutcome#failure(String)} from the handler has the same effect and survives
 * a distributed command bus, where exception classes are not carried (see {@code docs/axon.md}).
 *
 * @since 0.1
 */
public class CommandRejectedException extends SagaException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param reason why the command was refused, naming the value concerned; it becomes the saga's failure reason */
    public CommandRejectedException(String reason) {
        super(reason);
    }
}
