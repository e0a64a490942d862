/**
 * In-memory broker, saga store and participant inbox: the defaults when nothing else is configured, and the
 * reference behaviour every durable adapter is tested against. Nothing here survives the process.
 */
@NullMarked
package io.sagaflow.inmemory;

import org.jspecify.annotations.NullMarked;
