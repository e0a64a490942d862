package io.sagaflow.annotation;

import io.sagaflow.Participant;
import io.sagaflow.SagaDefinitionException;

/**
 * Compiles a {@link SagaParticipant}-annotated object into a {@link Participant}, the same immutable participant
 * {@link Participant#builder(String)} makes. Handlers call the object's methods concurrently, so it must be
 * thread-safe.
 *
 * @since 0.1
 */
public final class AnnotatedParticipants {
    private AnnotatedParticipants() {
    }

    /**
     * @param bean an instance of a class annotated {@link SagaParticipant} (a proxy subclass of one is fine)
     * @return the participant
     * @throws SagaDefinitionException naming the class, the method and the problem: the class is not annotated, it
     *     has no handlers, a method whose signature does not fit, a command or event type that is not a concrete
     *     class, two handlers for one command type, two command types with one name
     */
    public static Participant participantOf(Object bean) {
        return ParticipantCompiler.compile(bean);
    }

    /** @param type a class @return whether it is annotated {@link SagaParticipant} */
    public static boolean isParticipant(Class<?> type) {
        return type.isAnnotationPresent(SagaParticipant.class);
    }
}
