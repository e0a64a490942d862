/**
 * The saga dashboard: a page served by the application under {@code sagaflow.dashboard.path}, its JSON API, and a
 * live stream of saga changes fed by a {@link io.sagaflow.SagaListener}.
 *
 * <p>Off unless {@code sagaflow.dashboard.enabled=true}; it adds no security of its own, so the application's
 * Spring Security rules must cover its path.
 */
@NullMarked
package io.sagaflow.spring.dashboard;

import org.jspecify.annotations.NullMarked;
