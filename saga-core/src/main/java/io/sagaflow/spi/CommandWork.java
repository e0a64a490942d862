package io.sagaflow.spi;

/**
 * A participant's processing of one command, run by a {@link ParticipantInbox}: the business change and the reply it
 * produces.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface CommandWork {
    /**
     * @param command the command
     * @return the reply to send
     * @throws Exception a technical failure: the inbox records nothing, the business change is rolled back where it
     *     shares the inbox's transaction
     */
    Envelope execute(Envelope command) throws Exception;
}
