package io.sagaflow.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ShutdownSignalException;

/** Turns AMQP client failures into one readable line, naming the broker's reply code and text where there is one. */
final class Errors {
    private Errors() {
    }

    static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShutdownSignalException shutdown) {
                return switch (shutdown.getReason()) {
                    case AMQP.Channel.Close close -> close.getReplyCode() + " " + close.getReplyText();
                    case AMQP.Connection.Close close -> close.getReplyCode() + " " + close.getReplyText();
                    case null, default -> String.valueOf(shutdown.getMessage());
                };
            }
        }
        return failure.toString();
    }
}
