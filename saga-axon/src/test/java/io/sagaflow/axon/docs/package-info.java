/**
 * The runnable example quoted by {@code docs/axon.md}: the order-placement saga on Axon 5, compiled and run by
 * {@code PlaceOrderOnAxonTest} so the page stays true.
 */
@NullMarked
package io.sagaflow.axon.docs;

import org.jspecify.annotations.NullMarked;
