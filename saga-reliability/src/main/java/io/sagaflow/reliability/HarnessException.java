package io.sagaflow.reliability;

import io.sagaflow.SagaException;
import java.io.Serial;

/**
 * A harness step failed: a server could not be restarted, a node could not be started, a check could not run.
 *
 * <p>Unchecked; the message names the command or node concerned. {@code @since 0.1}
 *
 * @since 0.1
 */
public final class HarnessException extends SagaException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the command or node */
    public HarnessException(String message) {
        super(message);
    }

    /** @param message what failed @param cause the underlying failure */
    public HarnessException(String message, Throwable cause) {
        super(message, cause);
    }
}
