package io.sagaflow.test;

import io.sagaflow.SagaException;

/**
 * The harness could not drive a saga to an end: it did not settle within the harness's bound, or it waits for
 * something that will never come (a lost reply on a step without a timeout). The message names the saga and carries
 * its history.
 *
 * @since 0.1
 */
public class SagaHarnessException extends SagaException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, with the saga's trace */
    public SagaHarnessException(String message) {
        super(message);
    }

    /** @param message what went wrong @param cause the cause */
    public SagaHarnessException(String message, Throwable cause) {
        super(message, cause);
    }
}
