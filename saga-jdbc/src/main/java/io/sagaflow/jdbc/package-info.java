/**
 * Durable sagas on a relational database: the JDBC saga store with its transactional outbox, the participant inbox
 * that applies each command once in the participant's own transaction, schema scripts, and housekeeping.
 */
@NullMarked
package io.sagaflow.jdbc;

import org.jspecify.annotations.NullMarked;
