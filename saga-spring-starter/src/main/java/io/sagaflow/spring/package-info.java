/**
 * Spring Boot auto-configuration for Sagaflow: the engine, broker, store and participants as beans.
 */
@NullMarked
package io.sagaflow.spring;

import org.jspecify.annotations.NullMarked;
