/**
 * The order-placement example: reserve inventory, charge payment and send the confirmation as a saga, with
 * inventory, payment and notification participants, each keeping its own state.
 */
@NullMarked
package io.sagaflow.examples.order;

import org.jspecify.annotations.NullMarked;
