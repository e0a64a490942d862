package io.sagaflow.spring;

import io.sagaflow.SagaException;
import java.io.Serial;

/**
 * The Spring configuration asks for something Sagaflow cannot provide, such as {@code sagaflow.broker=rabbitmq}
 * without the saga-rabbitmq module on the class path. Thrown while the application starts.
 *
 * @since 0.1
 */
public class SagaflowConfigurationException extends SagaException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and how to fix it */
    public SagaflowConfigurationException(String message) {
        super(message);
    }
}
