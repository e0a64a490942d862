package io.sagaflow;

/**
 * Handles one type of command in a participant.
 *
 * @param <C> the command type
 * @since 0.1
 */
@FunctionalInterface
public interface CommandHandler<C> {
    /**
     * @param command the decoded command
     * @param context the saga, step and attempt it comes from
     * @return success with a reply, or a business failure
     * @throws Exception a technical failure, retried by the orchestrator's policy
     */
    CommandOutcome handle(C command, CommandContext context) throws Exception;
}
