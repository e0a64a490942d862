/**
 * Environments of the failure test harness on real infrastructure: RabbitMQ, PostgreSQL or H2, and both together.
 * They need the optional dependencies saga-rabbitmq, saga-jdbc, HikariCP and the JDBC driver on the test class path.
 */
@NullMarked
package io.sagaflow.test.durable;

import org.jspecify.annotations.NullMarked;
