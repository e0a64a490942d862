/**
 * The "before" of the order-placement example: the monolith's {@code placeOrder}, one {@code @Transactional} method
 * on one database that reserves stock, charges the payment and queues the confirmation, all or nothing.
 */
@NullMarked
package io.sagaflow.examples.monolith;

import org.jspecify.annotations.NullMarked;
