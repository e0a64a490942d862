package io.sagaflow;

import java.io.Serial;

/**
 * A saga definition, step or participant declaration is malformed: a duplicate step, a compensatable step without
 * a compensation, a compensatable step after the pivot, a payload type registered twice. Thrown when the definition
 * is built, never while a saga runs.
 *
 * @since 0.1
 */
public class SagaDefinitionException extends SagaException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param message the problem, naming the saga, step and offending value
     */
    public SagaDefinitionException(String message) {
        super(message);
    }
}
