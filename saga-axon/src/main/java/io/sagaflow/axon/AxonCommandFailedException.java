package io.sagaflow.axon;

import io.sagaflow.SagaException;
import io.sagaflow.spi.Envelope;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * A saga's command failed technically on Axon: the handler threw something other than a business refusal, no
 * handler was subscribed, or no result came in time. {@link AxonCommandBroker} answers it with an error reply, which
 * the orchestrator retries by the step's {@link io.sagaflow.RetryPolicy}.
 *
 * @since 0.1
 */
public class AxonCommandFailedException extends SagaException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String reason;

    /**
     * @param command the command that failed
     * @param reason how it failed
     * @param cause the failure, or null
     */
    public AxonCommandFailedException(Envelope command, String reason, @Nullable Throwable cause) {
        super("saga " + command.sagaType() + "/" + command.sagaId() + " step '" + command.step() + "': Axon command "
                + command.type() + " (" + command.messageId() + ") failed: " + reason, cause);
        this.reason = reason;
    }

    /** @return how the command failed, without the saga and command it names: the error reply's reason */
    public String reason() {
        return reason;
    }
}
