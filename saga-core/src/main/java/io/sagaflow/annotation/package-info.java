/**
 * Sagas and participants declared with annotations on plain classes, compiled by {@link AnnotatedSagas} and
 * {@link AnnotatedParticipants} into the same immutable {@link io.sagaflow.SagaDefinition} and
 * {@link io.sagaflow.Participant} the fluent builders make. Needs no framework; the Spring Boot starter uses it.
 */
@NullMarked
package io.sagaflow.annotation;

import org.jspecify.annotations.NullMarked;
