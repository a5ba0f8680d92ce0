--liquibase formatted sql

-- Version 8: keyword monitors and their alerts. A monitor is a user's saved query (search syntax, mode,
-- resource filters); every created resource, and every one whose text changes, is queued in
-- monitor_queue in the same transaction as the write and matched against the active monitors by a
-- background worker (claims with a lease, like embedding_queue). A match is an alert, one per monitor and
-- resource (re-armed when the resource changes and still matches). The alerts table is also the webhook
-- outbox: delivery is pending / delivered / failed (null without a webhook), with attempts and the next try.

--changeset pharos:v008-monitors-pg dbms:postgresql
CREATE TABLE monitors (
    id              uuid PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            text NOT NULL,
    query           text NOT NULL,
    mode            text NOT NULL,
    filters         text NOT NULL,
    min_score       double precision,
    webhook_url     text,
    webhook_secret  text NOT NULL,
    paused          boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX monitors_user ON monitors (user_id, created_at);
CREATE TABLE monitor_queue (
    resource_id       uuid PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
    queued_at         timestamptz NOT NULL,
    claimed_by        text,
    claim_expires_at  timestamptz
);
CREATE INDEX monitor_queue_order ON monitor_queue (queued_at);
CREATE TABLE alerts (
    id               uuid PRIMARY KEY,
    monitor_id       uuid NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    resource_id      uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    score            double precision NOT NULL,
    snippet          text NOT NULL,
    created_at       timestamptz NOT NULL,
    is_read          boolean NOT NULL DEFAULT false,
    delivery         text,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    last_error       text,
    delivered_at     timestamptz,
    claimed_by       text,
    UNIQUE (monitor_id, resource_id)
);
CREATE INDEX alerts_user ON alerts (user_id, is_read, created_at, id);
CREATE INDEX alerts_resource ON alerts (resource_id);
CREATE INDEX alerts_outbox ON alerts (delivery, next_attempt_at);
--rollback DROP TABLE alerts;
--rollback DROP TABLE monitor_queue;
--rollback DROP TABLE monitors;

--changeset pharos:v008-monitors-sqlite dbms:sqlite
CREATE TABLE monitors (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    query           TEXT NOT NULL,
    mode            TEXT NOT NULL,
    filters         TEXT NOT NULL,
    min_score       REAL,
    webhook_url     TEXT,
    webhook_secret  TEXT NOT NULL,
    paused          INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX monitors_user ON monitors (user_id, created_at);
CREATE TABLE monitor_queue (
    resource_id       TEXT PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
    queued_at         TEXT NOT NULL,
    claimed_by        TEXT,
    claim_expires_at  TEXT
);
CREATE INDEX monitor_queue_order ON monitor_queue (queued_at);
CREATE TABLE alerts (
    id               TEXT PRIMARY KEY,
    monitor_id       TEXT NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    resource_id      TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    score            REAL NOT NULL,
    snippet          TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    is_read          INTEGER NOT NULL DEFAULT 0 CHECK (is_read IN (0, 1)),
    delivery         TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT,
    last_error       TEXT,
    delivered_at     TEXT,
    claimed_by       TEXT,
    UNIQUE (monitor_id, resource_id)
);
CREATE INDEX alerts_user ON alerts (user_id, is_read, created_at, id);
CREATE INDEX alerts_resource ON alerts (resource_id);
CREATE INDEX alerts_outbox ON alerts (delivery, next_attempt_at);
--rollback DROP TABLE alerts;
--rollback DROP TABLE monitor_queue;
--rollback DROP TABLE monitors;
