package io.sagaflow.spi;

/**
 * Runs each command's work once per message id and gets its reply out.
 *
 * <p>On the first delivery of a message id the inbox records the id, runs the work and sends its reply, atomically
 * where the implementation is transactional (JDBC: inbox row, business change and reply in the outbox, one
 * transaction). On a redelivery it does not run the work again: it sends the recorded reply once more, so a reply
 * lost on the way is replaced and a command never takes effect twice.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ParticipantInbox {
    /**
     * @param command the delivered command
     * @param work the processing, run at most once per message id
     * @throws Exception what the work threw; nothing was recorded and the command may be processed again
     */
    void process(Envelope command, CommandWork work) throws Exception;
}
