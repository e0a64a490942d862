/**
 * The order-placement example as a Spring Boot application: the order service orchestrates the place-order saga, and
 * the inventory, payment and notification services each own their database and use the JDBC participant inbox.
 */
@NullMarked
package io.sagaflow.examples.order;

import org.jspecify.annotations.NullMarked;
