/**
 * Spring Boot auto-configuration for Sagaflow: the engine, broker, store and participants as beans, annotated sagas
 * and participants discovered and checked at startup, transactions, actuator, metrics and tracing.
 */
@NullMarked
package io.sagaflow.spring;

import org.jspecify.annotations.NullMarked;
