package io.sagaflow.spi;

/**
 * What a message is for. A reply says in its kind whether the command succeeded, was refused on business grounds,
 * or failed technically, so the engine never mistakes an exception for a business "no".
 *
 * @since 0.1
 */
public enum MessageKind {
    /** A command from the orchestrator to a participant. */
    COMMAND,
    /** The command succeeded; the payload is the reply. */
    REPLY_SUCCESS,
    /** The participant refused on business grounds; header {@link Envelope#REASON} says why. */
    REPLY_FAILURE,
    /** The handler failed technically; header {@link Envelope#REASON} says how. Retried by the orchestrator. */
    REPLY_ERROR,
    /** An event published by a notification step. */
    EVENT
}
