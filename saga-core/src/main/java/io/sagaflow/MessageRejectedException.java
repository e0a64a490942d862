package io.sagaflow;

import java.io.Serial;

/**
 * A message cannot be processed and never will be: it is malformed, too large, names a payload type that is not on
 * the allowlist, or refers to a saga that does not exist. Brokers move such a message to the dead-letter place at
 * once, with {@link #getMessage()} as the reason, instead of redelivering it.
 *
 * <p>This is the one decode error that escapes from envelope and payload decoding.
 *
 * @since 0.1
 */
public class MessageRejectedException extends SagaException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param reason why the message was rejected, naming the message id, saga and value at fault
     */
    public MessageRejectedException(String reason) {
        super(reason);
    }

    /**
     * @param reason why the message was rejected
     * @param cause the decoding failure
     */
    public MessageRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
