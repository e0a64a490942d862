package io.sagaflow;

/**
 * The role a step plays in a saga, after Richardson's saga patterns: compensatable steps come first, then at most
 * one pivot, then retriable steps.
 *
 * @since 0.1
 */
public enum StepRole {
    /** Can be undone: must declare a compensation; never after the pivot. */
    COMPENSATABLE,
    /** The go/no-go step: once it succeeds the saga will complete. Not compensated on its own failure. */
    PIVOT,
    /** After the pivot: retried until it succeeds (a business failure is retried too), never compensated. */
    RETRIABLE
}
