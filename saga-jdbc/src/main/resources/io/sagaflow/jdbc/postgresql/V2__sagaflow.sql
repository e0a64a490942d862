-- Sagaflow schema, version 2, PostgreSQL: rows that the writing process publishes itself after its commit.
-- A row with lease_until in the future (nanoseconds since the epoch) belongs to the process that wrote it: relays
-- leave it alone until then, so they take it only if that process died before it sent the row or deleted it.
ALTER TABLE ${schema}${prefix}outbox ADD COLUMN lease_until BIGINT;
