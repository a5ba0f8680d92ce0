--liquibase formatted sql

-- Version 6: claims on the embedding queue, so several Pharos instances on one PostgreSQL database
-- share its work. An instance claims queued resources (FOR UPDATE SKIP LOCKED) by writing its owner id
-- and a lease expiry; a claim whose lease ran out (the instance died) is taken by the next claimer.
-- SQLite has the same columns (tables copy alike between the databases); one process drains it.

--changeset pharos:v006-queue-claims-pg dbms:postgresql
ALTER TABLE embedding_queue ADD COLUMN claimed_by text, ADD COLUMN claim_expires_at timestamptz;
--rollback ALTER TABLE embedding_queue DROP COLUMN claim_expires_at, DROP COLUMN claimed_by;

--changeset pharos:v006-queue-claims-sqlite dbms:sqlite
ALTER TABLE embedding_queue ADD COLUMN claimed_by TEXT;
ALTER TABLE embedding_queue ADD COLUMN claim_expires_at TEXT;
--rollback ALTER TABLE embedding_queue DROP COLUMN claim_expires_at;
--rollback ALTER TABLE embedding_queue DROP COLUMN claimed_by;
