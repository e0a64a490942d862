package io.sagaflow.annotation;

import io.sagaflow.StepRole;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares one step of a {@link Saga} on the method that performs it. Exactly one of {@link #participant()},
 * {@link #topic()} and {@link #local()} says what kind of step it is, and so the method's signature:
 *
 * <ul>
 *   <li>participant step: {@code Command method(Data data)}, the command sent to the participant;</li>
 *   <li>notification step: {@code Event method(Data data)}, the event published on the topic;</li>
 *   <li>local step: {@code LocalResult<Data> method(Data data)}, run in the orchestrator's process.</li>
 * </ul>
 *
 * <p>Steps run in ascending {@link #order()}; orders and names are unique within the saga.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Step {
    /** @return the step's name, unique within the saga */
    String name();

    /** @return the step's position: steps run in ascending order */
    int order();

    /** @return the participant that receives the command; empty unless this is a participant step */
    String participant() default "";

    /** @return the topic the event is published on; empty unless this is a notification step */
    String topic() default "";

    /** @return true for a local step */
    boolean local() default false;

    /** @return compensatable (needs a {@link Compensation}), the pivot, or retriable */
    StepRole role() default StepRole.COMPENSATABLE;

    /** @return the reply timeout as an ISO-8601 duration (e.g. {@code PT5S}); empty for the saga's default */
    String timeout() default "";

    /** @return attempts in all before the step counts as failed; 0 for the role's default policy */
    int maxAttempts() default 0;
}
