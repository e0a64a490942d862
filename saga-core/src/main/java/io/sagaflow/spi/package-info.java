/**
 * What adapters implement: the message broker, the saga store with its outbox, the payload codec and the
 * participant inbox. Each SPI has an in-memory implementation in {@code io.sagaflow.inmemory}; the JDBC and
 * RabbitMQ modules provide the durable ones.
 *
 * <p>Contract tests for every SPI ship in saga-core's test-jar, so each adapter is held to the same rules.
 */
@NullMarked
package io.sagaflow.spi;

import org.jspecify.annotations.NullMarked;
