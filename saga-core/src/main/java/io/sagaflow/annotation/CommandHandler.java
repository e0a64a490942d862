package io.sagaflow.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles one command type in a {@link SagaParticipant}: {@code CommandOutcome method(Command command)} or
 * {@code CommandOutcome method(Command command, CommandContext context)}. The command's class is the first
 * parameter's type. Returning {@code CommandOutcome.failure(..)} refuses the command on business grounds; throwing is
 * a technical failure, retried by the orchestrator.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CommandHandler {
    /** @return the logical name the command travels under; empty for its simple class name */
    String typeName() default "";
}
