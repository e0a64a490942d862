package io.sagaflow.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose {@link CommandHandler} and {@link EventHandler} methods make up one participant.
 * {@link AnnotatedParticipants#participantOf(Object)} compiles an instance into a {@link io.sagaflow.Participant}.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SagaParticipant {
    /** @return the participant's name, as sagas address it in {@link Step#participant()} */
    String value();
}
