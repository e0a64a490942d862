package io.sagaflow;

/**
 * Handles one type of event published by notification steps.
 *
 * @param <E> the event type
 * @since 0.1
 */
@FunctionalInterface
public interface EventHandler<E> {
    /**
     * @param event the decoded event
     * @throws Exception to have the event delivered again
     */
    void handle(E event) throws Exception;
}
