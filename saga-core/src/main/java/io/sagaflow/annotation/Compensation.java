package io.sagaflow.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares how a compensatable {@link Step} is undone. Exactly one of {@link #participant()}, {@link #topic()} and
 * {@link #local()}, with the same method signatures as {@link Step}: {@code Command method(Data)},
 * {@code Event method(Data)} or {@code LocalResult<Data> method(Data)}.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Compensation {
    /** @return the name of the step this undoes */
    String step();

    /** @return the participant that receives the compensating command; empty unless compensated by a command */
    String participant() default "";

    /** @return the topic of the compensating event; empty unless compensated by an event */
    String topic() default "";

    /** @return true to compensate locally, in the orchestrator's process */
    boolean local() default false;

    /** @return attempts in all before the saga fails and waits for a person; 0 for the default policy */
    int maxAttempts() default 0;
}
