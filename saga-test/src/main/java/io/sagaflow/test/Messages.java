package io.sagaflow.test;

import io.sagaflow.Direction;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageKind;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Chooses messages for a fault: {@code harness.duplicate(commandsTo("inventory"))}. Each selector describes itself,
 * so reports say which messages were tampered with.
 *
 * <p>Immutable and thread-safe.
 *
 * @param description what the selector chooses, e.g. {@code commands to inventory}
 * @param predicate the test on a message
 * @since 0.1
 */
public record Messages(String description, Predicate<Envelope> predicate) {

    /** Checks both fields are present. */
    public Messages {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(predicate, "predicate");
    }

    /** @param participant a participant's name @return every command to it, forward and compensating */
    public static Messages commandsTo(String participant) {
        Destination destination = Destination.commands(participant);
        return new Messages("commands to " + participant, e -> e.destination().equals(destination));
    }

    /** @param step a step's name @return the commands of that step's action */
    public static Messages commandsOf(String step) {
        return new Messages("commands of step " + step, e -> e.kind() == MessageKind.COMMAND
                && step.equals(e.step()) && direction(e) == Direction.FORWARD);
    }

    /** @param step a step's name @return the commands of that step's compensation */
    public static Messages compensationCommandsOf(String step) {
        return new Messages("compensation commands of step " + step, e -> e.kind() == MessageKind.COMMAND
                && step.equals(e.step()) && direction(e) == Direction.COMPENSATION);
    }

    /** @param step a step's name @return the replies to that step's action */
    public static Messages repliesOf(String step) {
        return new Messages("replies of step " + step, e -> isReply(e) && step.equals(e.step())
                && direction(e) == Direction.FORWARD);
    }

    /** @param step a step's name @return the replies to that step's compensation */
    public static Messages compensationRepliesOf(String step) {
        return new Messages("compensation replies of step " + step, e -> isReply(e) && step.equals(e.step())
                && direction(e) == Direction.COMPENSATION);
    }

    /** @return every command and reply */
    public static Messages allMessages() {
        return new Messages("all messages", e -> e.kind() != MessageKind.EVENT);
    }

    /** @param other another selector @return messages both choose */
    public Messages and(Messages other) {
        return new Messages(description + " and " + other.description, predicate.and(other.predicate));
    }

    /** @param envelope a message @return whether this selector chooses it */
    public boolean matches(Envelope envelope) {
        return predicate.test(envelope);
    }

    static boolean isReply(Envelope e) {
        return e.kind() == MessageKind.REPLY_SUCCESS || e.kind() == MessageKind.REPLY_FAILURE
                || e.kind() == MessageKind.REPLY_ERROR;
    }

    /**
     * Replies carry no direction header; the broker wrapper stamps the command's direction on each reply it sees
     * (by correlation id), so reply selectors can tell action replies from compensation replies.
     */
    static Direction direction(Envelope e) {
        return Direction.COMPENSATION.name().equals(e.header(Envelope.DIRECTION)) ? Direction.COMPENSATION
                : Direction.FORWARD;
    }

    @Override
    public String toString() {
        return description;
    }
}
