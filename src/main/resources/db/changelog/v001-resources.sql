--liquibase formatted sql

-- Version 1: extensions (PostgreSQL) and the resources table.
-- Type rules (see SqliteDialect / PostgresDialect): uuid ↔ TEXT lowercase, jsonb ↔ TEXT with json_valid,
-- timestamptz ↔ TEXT ISO-8601 UTC with milliseconds, boolean ↔ INTEGER 0/1, text ↔ TEXT.

--changeset pharos:v001-extensions dbms:postgresql
CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--rollback DROP EXTENSION IF EXISTS pg_trgm;
--rollback DROP EXTENSION IF EXISTS vector;

--changeset pharos:v001-resources-pg dbms:postgresql
CREATE TABLE resources (
    id                  uuid PRIMARY KEY,
    title               text COLLATE "C" NOT NULL CHECK (char_length(title) BETWEEN 1 AND 500),
    description         text,
    content             text,
    creator             text,
    publisher           text,
    source              text,
    language            text,
    type                text,
    subject             jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(subject) = 'array'),
    identifier          text,
    doi                 text,
    classification_code text,
    quality_score       double precision CHECK (quality_score >= 0 AND quality_score <= 1),
    read_status         text NOT NULL DEFAULT 'unread' CHECK (read_status IN ('unread', 'in_progress', 'completed', 'archived')),
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    version             bigint NOT NULL DEFAULT 1
);
CREATE INDEX resources_subject_gin ON resources USING gin (subject jsonb_path_ops);
CREATE INDEX resources_classification_quality ON resources (classification_code, quality_score);
CREATE INDEX resources_created_status ON resources (created_at, read_status);
CREATE INDEX resources_updated ON resources (updated_at);
--rollback DROP TABLE resources;

--changeset pharos:v001-resources-sqlite dbms:sqlite
CREATE TABLE resources (
    id                  TEXT PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    title               TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    description         TEXT,
    content             TEXT,
    creator             TEXT,
    publisher           TEXT,
    source              TEXT,
    language            TEXT,
    type                TEXT,
    subject             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(subject) AND json_type(subject) = 'array'),
    identifier          TEXT,
    doi                 TEXT,
    classification_code TEXT,
    quality_score       REAL CHECK (quality_score >= 0 AND quality_score <= 1),
    read_status         TEXT NOT NULL DEFAULT 'unread' CHECK (read_status IN ('unread', 'in_progress', 'completed', 'archived')),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX resources_classification_quality ON resources (classification_code, quality_score);
CREATE INDEX resources_created_status ON resources (created_at, read_status);
CREATE INDEX resources_updated ON resources (updated_at);
--rollback DROP TABLE resources;
