package io.sagaflow.inmemory;

import io.sagaflow.spi.Envelope;
import java.time.Instant;

/**
 * A message the in-memory broker gave up on, with the reason.
 *
 * @param envelope the message
 * @param group the consumer group that could not process it
 * @param reason why: the rejection's message, or the last error after the delivery limit
 * @param deliveries how often it was delivered
 * @param at when it was dead-lettered
 * @since 0.1
 */
public record DeadLetter(Envelope envelope, String group, String reason, int deliveries, Instant at) {
}
