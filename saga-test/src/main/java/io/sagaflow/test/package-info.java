/**
 * The failure test harness: runs real saga definitions and participant handlers under injected failures (business
 * failures, exceptions, late, lost, duplicated and reordered messages, orchestrator crashes) on a controllable clock.
 *
 * <p>Users call {@link io.sagaflow.test.SagaHarness}, {@link io.sagaflow.test.SagaExplorer} and
 * {@link io.sagaflow.test.ShadowComparison}; broker and store adapters plug in through
 * {@link io.sagaflow.test.SagaTestEnvironment}.
 */
@NullMarked
package io.sagaflow.test;

import org.jspecify.annotations.NullMarked;
