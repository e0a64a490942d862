package io.sagaflow;

/**
 * Whether a step's action or its compensation is meant.
 *
 * @since 0.1
 */
public enum Direction {
    /** The step's own action. */
    FORWARD,
    /** The step's compensating action. */
    COMPENSATION
}
