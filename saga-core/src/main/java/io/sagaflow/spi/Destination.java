package io.sagaflow.spi;

import io.sagaflow.MessageRejectedException;
import java.util.Objects;

/**
 * A logical address on the broker: a participant's command channel, an orchestrator group's reply channel, or an
 * event topic. Brokers map these to their own topology (RabbitMQ: an exchange per kind, a queue per group).
 *
 * @param kind which channel family
 * @param name the participant, group or topic name: letters, digits, {@code . _ -}, at most 100 characters
 * @since 0.1
 */
public record Destination(Kind kind, String name) {
    private static final String NAME = "[A-Za-z0-9._-]{1,100}";

    /** The families of destination. */
    public enum Kind {
        /** Commands to one participant; competing consumers. */
        COMMANDS,
        /** Replies to one orchestrator group; competing consumers. */
        REPLIES,
        /** Events on a topic; every subscribing group gets a copy. */
        EVENTS
    }

    /**
     * @throws IllegalArgumentException if the name is empty, too long or has characters outside {@code [A-Za-z0-9._-]}
     */
    public Destination {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (!isValidName(name)) {
            throw new IllegalArgumentException(
                    "destination name must match " + NAME + ", was '" + cut(name) + "'");
        }
    }

    /** @param participant the participant's name @return its command channel */
    public static Destination commands(String participant) {
        return new Destination(Kind.COMMANDS, participant);
    }

    /** @param group the orchestrator group @return its reply channel */
    public static Destination replies(String group) {
        return new Destination(Kind.REPLIES, group);
    }

    /** @param topic the topic @return the event topic */
    public static Destination events(String topic) {
        return new Destination(Kind.EVENTS, topic);
    }

    /**
     * Parses the {@link #toString()} form, as read from a message header.
     *
     * @param text {@code kind:name}, e.g. {@code replies:default}
     * @return the destination
     * @throws MessageRejectedException if the text is not a destination
     */
    public static Destination parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new MessageRejectedException("not a destination: '" + cut(text) + "'");
        }
        try {
            return new Destination(
                    Kind.valueOf(text.substring(0, colon).toUpperCase(java.util.Locale.ROOT)),
                    text.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new MessageRejectedException("not a destination: '" + cut(text) + "': " + e.getMessage(), e);
        }
    }

    /**
     * The check {@value #NAME}, written out: a regex match on every message's destination showed up in the engine's
     * profile.
     */
    private static boolean isValidName(String name) {
        int length = name.length();
        if (length < 1 || length > 100) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String cut(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + name;
    }
}
