/**
 * Helpers for SPI implementers: the outbox relay loop that moves stored messages to a broker, reusable by every
 * store and participant inbox that keeps an outbox, and a forwarding store to wrap one store in another.
 */
@NullMarked
package io.sagaflow.spi.support;

import org.jspecify.annotations.NullMarked;
