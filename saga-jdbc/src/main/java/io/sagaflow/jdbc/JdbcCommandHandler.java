package io.sagaflow.jdbc;

import io.sagaflow.CommandContext;
import io.sagaflow.CommandOutcome;
import java.sql.Connection;

/**
 * A command handler that makes its business change on the participant inbox's connection, so the change commits
 * with the inbox record and the reply, or not at all. Adapt one with {@link JdbcParticipantInbox#handler}.
 *
 * @param <C> the command type
 * @since 0.1
 */
@FunctionalInterface
public interface JdbcCommandHandler<C> {
    /**
     * @param command the decoded command
     * @param context the saga, step and attempt it comes from
     * @param connection the inbox transaction's connection; do not commit, roll back or close it
     * @return success with a reply, or a business failure (both commit the change)
     * @throws Exception a technical failure: the transaction rolls back and the orchestrator retries
     */
    CommandOutcome handle(C command, CommandContext context, Connection connection) throws Exception;
}
