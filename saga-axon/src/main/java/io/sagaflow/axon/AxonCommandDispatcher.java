package io.sagaflow.axon;

import io.sagaflow.CommandOutcome;
import io.sagaflow.MessageRejectedException;
import io.sagaflow.PayloadTypes;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageCodec;
import io.sagaflow.spi.MessageKind;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.axonframework.conversion.Converter;
import org.axonframework.messaging.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.core.Message;
import org.axonframework.messaging.core.Metadata;
import org.axonframework.messaging.core.QualifiedName;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one Sagaflow command envelope into an Axon command, waits for Axon's result and turns it into the reply
 * envelope. Business refusals become a reply; technical failures are thrown, so the inbox records nothing and a
 * redelivery dispatches again.
 */
final class AxonCommandDispatcher {
    private static final Logger log = LoggerFactory.getLogger(AxonCommandDispatcher.class);
    private static final QualifiedName FAILURE = new QualifiedName(CommandOutcome.Failure.class);
    private final CommandGateway gateway;
    private final MessageCodec codec;
    private final PayloadTypes payloadTypes;
    private final Predicate<Throwable> businessFailure;
    private final @Nullable Converter resultConverter;
    private final Duration timeout;
    private final InstantSource clock;
    private final Executor dispatchThreads;

    AxonCommandDispatcher(CommandGateway gateway, MessageCodec codec, PayloadTypes payloadTypes,
                          Predicate<Throwable> businessFailure, @Nullable Converter resultConverter, Duration timeout,
                          InstantSource clock, Executor dispatchThreads) {
        this.dispatchThreads = dispatchThreads;
        this.gateway = gateway;
        this.codec = codec;
        this.payloadTypes = payloadTypes;
        this.businessFailure = businessFailure;
        this.resultConverter = resultConverter;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * Reads the command's payload from the allowlist.
     *
     * @throws MessageRejectedException if the envelope is no command, has no reply-to, or its payload is unreadable
     */
    Object decode(Envelope command) {
        if (command.kind() != MessageKind.COMMAND) {
            throw new MessageRejectedException("message " + command.messageId() + " to " + command.destination()
                    + " is a " + command.kind() + ", not a command");
        }
        if (command.replyTo() == null) {
            throw new MessageRejectedException("command " + command.messageId() + " to " + command.destination()
                    + " has no reply-to");
        }
        if (command.type() == null) {
            throw new MessageRejectedException("command " + command.messageId() + " to " + command.destination()
                    + " has no payload type");
        }
        return codec.decode(command.payload(), payloadTypes.classFor(command.type()));
    }

    /**
     * Dispatches the command on Axon and waits for its result.
     *
     * @return a success or business-failure reply
     * @throws AxonCommandFailedException a technical failure: the handler threw, no handler, or no result in time
     */
    Envelope dispatch(Envelope command) throws InterruptedException {
        Object payload = decode(command);
        Metadata metadata = SagaflowMetadata.of(command.messageId(), command.sagaId(), command.sagaType(),
                command.step(), command.header(Envelope.DIRECTION), command.header(Envelope.ATTEMPT),
                command.header(Envelope.TRACEPARENT));
        Message result;
        try {
            // A local command bus runs the handler inside send(): dispatch on another thread so the timeout holds.
            CompletableFuture<? extends Message> pending = CompletableFuture
                    .supplyAsync(() -> gateway.send(payload, metadata).getResultMessage(), dispatchThreads)
                    .thenCompose(future -> future);
            result = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = unwrap(e);
            if (businessFailure.test(cause)) {
                return reply(command, MessageKind.REPLY_FAILURE, null, reason(cause));
            }
            throw new AxonCommandFailedException(command, cause.toString(), cause);
        } catch (RejectedExecutionException e) {
            throw new AxonCommandFailedException(command, "the broker is closing", e);
        } catch (TimeoutException e) {
            throw new AxonCommandFailedException(command, "no result from Axon within " + timeout, e);
        }
        try {
            return success(command, result);
        } catch (AxonCommandFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            // The codec's SagaException, or Axon's conversion failure of a serialized result.
            throw new AxonCommandFailedException(command, "its result could not be read or encoded: " + e, e);
        }
    }

    private Envelope success(Envelope command, @Nullable Message result) {
        Object value = result == null ? null : result.payload();
        if (value instanceof CommandOutcome outcome) {
            return switch (outcome) {
                case CommandOutcome.Success s -> reply(command, MessageKind.REPLY_SUCCESS, s.reply(), null);
                case CommandOutcome.Failure f -> reply(command, MessageKind.REPLY_FAILURE, null, f.reason());
            };
        }
        if (value == null || payloadTypes.contains(value.getClass())) {
            return reply(command, MessageKind.REPLY_SUCCESS, value, null);
        }
        return readByTypeName(command, Objects.requireNonNull(result));
    }

    /**
     * A result that is no allowlisted object: a remote handler's serialized result, to read into the allowlisted class
     * its Axon type names, or a result no saga step reads (an aggregate id), dropped.
     */
    private Envelope readByTypeName(Envelope command, Message result) {
        QualifiedName name = result.type().qualifiedName();
        Class<?> target = name.equals(FAILURE) ? CommandOutcome.Failure.class : null;
        for (Class<?> type : payloadTypes.asMap().values()) {
            if (new QualifiedName(type).equals(name)) {
                target = type;
            }
        }
        if (target == null) {
            log.debug("{}: result of type {} is not read by any saga step; replying without it", command, name);
            return reply(command, MessageKind.REPLY_SUCCESS, null, null);
        }
        if (resultConverter == null) {
            throw new AxonCommandFailedException(command, "the result of type " + name + " arrived as "
                    + result.payloadType().getSimpleName() + " and no result converter is configured to read it",
                    null);
        }
        Object value = result.payloadAs(target, resultConverter);
        return value instanceof CommandOutcome.Failure failure
                ? reply(command, MessageKind.REPLY_FAILURE, null, failure.reason())
                : reply(command, MessageKind.REPLY_SUCCESS, value, null);
    }

    Envelope reply(Envelope command, MessageKind kind, @Nullable Object payload, @Nullable String reason) {
        return command.reply(kind, payload == null ? null : payloadTypes.nameOf(payload.getClass()),
                payload == null ? new byte[0] : codec.encode(payload), reason, clock.instant());
    }

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CommandRejectedException rejected && rejected.getMessage() != null) {
                return rejected.getMessage();
            }
        }
        return Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getName());
    }
}
