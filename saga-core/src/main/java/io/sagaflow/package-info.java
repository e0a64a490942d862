/**
 * The Sagaflow API that service developers call: saga definitions and their builder, the engine that runs them,
 * participants and their command handlers, and the exceptions every failure path raises.
 *
 * <p>Types here are stable; adapters implement {@code io.sagaflow.spi}, the engine lives in
 * {@code io.sagaflow.internal}.
 */
@NullMarked
package io.sagaflow;

import org.jspecify.annotations.NullMarked;
