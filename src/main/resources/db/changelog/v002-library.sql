--liquibase formatted sql

-- Version 2: the library domain: users and API keys, collections, annotations, taxonomy, citations,
-- interactions. Same type rules as v001. Everything that hangs off a resource goes with it
-- (ON DELETE CASCADE), so deleting a resource is one statement in one transaction.

--changeset pharos:v002-users-pg dbms:postgresql
CREATE TABLE users (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    email       text NOT NULL UNIQUE CHECK (char_length(email) BETWEEN 3 AND 320),
    role        text NOT NULL CHECK (role IN ('admin', 'user')),
    created_at  timestamptz NOT NULL
);
--rollback DROP TABLE users;

--changeset pharos:v002-api-keys-pg dbms:postgresql
CREATE TABLE api_keys (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    key_hash     text NOT NULL UNIQUE CHECK (char_length(key_hash) = 64),
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_keys_user ON api_keys (user_id);
--rollback DROP TABLE api_keys;

--changeset pharos:v002-collections-pg dbms:postgresql
CREATE TABLE collections (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    description text CHECK (char_length(description) <= 2000),
    owner_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    visibility  text NOT NULL CHECK (visibility IN ('private', 'shared', 'public')),
    parent_id   uuid REFERENCES collections (id),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX collections_owner ON collections (owner_id);
CREATE INDEX collections_parent ON collections (parent_id);
--rollback DROP TABLE collections;

--changeset pharos:v002-collection-resources-pg dbms:postgresql
CREATE TABLE collection_resources (
    collection_id uuid NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    resource_id   uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    added_at      timestamptz NOT NULL,
    position      bigint NOT NULL,
    PRIMARY KEY (collection_id, resource_id)
);
CREATE INDEX collection_resources_resource ON collection_resources (resource_id);
--rollback DROP TABLE collection_resources;

--changeset pharos:v002-annotations-pg dbms:postgresql
CREATE TABLE annotations (
    id               uuid PRIMARY KEY,
    resource_id      uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    start_offset     integer NOT NULL CHECK (start_offset >= 0),
    end_offset       integer NOT NULL CHECK (end_offset > start_offset),
    highlighted_text text NOT NULL,
    note             text CHECK (char_length(note) <= 10000),
    tags             jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(tags) = 'array'),
    color            text,
    is_shared        boolean NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX annotations_resource ON annotations (resource_id);
CREATE INDEX annotations_user ON annotations (user_id);
--rollback DROP TABLE annotations;

--changeset pharos:v002-taxonomy-nodes-pg dbms:postgresql
CREATE TABLE taxonomy_nodes (
    id                        uuid PRIMARY KEY,
    name                      text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    slug                      text NOT NULL UNIQUE,
    parent_id                 uuid REFERENCES taxonomy_nodes (id) ON DELETE CASCADE,
    level                     integer NOT NULL CHECK (level >= 0),
    path                      text COLLATE "C" NOT NULL UNIQUE,
    description               text,
    keywords                  jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(keywords) = 'array'),
    resource_count            integer NOT NULL DEFAULT 0,
    descendant_resource_count integer NOT NULL DEFAULT 0,
    is_leaf                   boolean NOT NULL,
    allow_resources           boolean NOT NULL,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL
);
CREATE INDEX taxonomy_nodes_parent ON taxonomy_nodes (parent_id);
--rollback DROP TABLE taxonomy_nodes;

--changeset pharos:v002-resource-taxonomy-pg dbms:postgresql
CREATE TABLE resource_taxonomy (
    resource_id  uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    taxonomy_id  uuid NOT NULL REFERENCES taxonomy_nodes (id) ON DELETE CASCADE,
    confidence   double precision CHECK (confidence >= 0 AND confidence <= 1),
    is_predicted boolean NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (resource_id, taxonomy_id)
);
CREATE INDEX resource_taxonomy_node ON resource_taxonomy (taxonomy_id);
--rollback DROP TABLE resource_taxonomy;

--changeset pharos:v002-citations-pg dbms:postgresql
CREATE TABLE citations (
    id                 uuid PRIMARY KEY,
    source_resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    target_resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    citation_type      text NOT NULL CHECK (citation_type IN ('cites', 'cited_by', 'related')),
    context            text,
    confidence         double precision CHECK (confidence >= 0 AND confidence <= 1),
    created_at         timestamptz NOT NULL,
    UNIQUE (source_resource_id, target_resource_id, citation_type),
    CHECK (source_resource_id <> target_resource_id)
);
CREATE INDEX citations_target ON citations (target_resource_id);
--rollback DROP TABLE citations;

--changeset pharos:v002-interactions-pg dbms:postgresql
CREATE TABLE interactions (
    id               uuid PRIMARY KEY,
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    resource_id      uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    interaction_type text NOT NULL CHECK (interaction_type IN ('view', 'bookmark', 'rate', 'download')),
    rating           integer CHECK (rating BETWEEN 1 AND 5),
    duration_seconds integer CHECK (duration_seconds >= 0),
    metadata         jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(metadata) = 'object'),
    created_at       timestamptz NOT NULL,
    CHECK ((interaction_type = 'rate') = (rating IS NOT NULL))
);
CREATE INDEX interactions_resource ON interactions (resource_id, interaction_type);
CREATE INDEX interactions_user ON interactions (user_id);
--rollback DROP TABLE interactions;

--changeset pharos:v002-users-sqlite dbms:sqlite
CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    email       TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 320),
    role        TEXT NOT NULL CHECK (role IN ('admin', 'user')),
    created_at  TEXT NOT NULL
);
--rollback DROP TABLE users;

--changeset pharos:v002-api-keys-sqlite dbms:sqlite
CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    key_hash     TEXT NOT NULL UNIQUE CHECK (length(key_hash) = 64),
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_keys_user ON api_keys (user_id);
--rollback DROP TABLE api_keys;

--changeset pharos:v002-collections-sqlite dbms:sqlite
CREATE TABLE collections (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    description TEXT CHECK (length(description) <= 2000),
    owner_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    visibility  TEXT NOT NULL CHECK (visibility IN ('private', 'shared', 'public')),
    parent_id   TEXT REFERENCES collections (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX collections_owner ON collections (owner_id);
CREATE INDEX collections_parent ON collections (parent_id);
--rollback DROP TABLE collections;

--changeset pharos:v002-collection-resources-sqlite dbms:sqlite
CREATE TABLE collection_resources (
    collection_id TEXT NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    resource_id   TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    added_at      TEXT NOT NULL,
    position      INTEGER NOT NULL,
    PRIMARY KEY (collection_id, resource_id)
);
CREATE INDEX collection_resources_resource ON collection_resources (resource_id);
--rollback DROP TABLE collection_resources;

--changeset pharos:v002-annotations-sqlite dbms:sqlite
CREATE TABLE annotations (
    id               TEXT PRIMARY KEY,
    resource_id      TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    start_offset     INTEGER NOT NULL CHECK (start_offset >= 0),
    end_offset       INTEGER NOT NULL CHECK (end_offset > start_offset),
    highlighted_text TEXT NOT NULL,
    note             TEXT CHECK (length(note) <= 10000),
    tags             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
    color            TEXT,
    is_shared        INTEGER NOT NULL CHECK (is_shared IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX annotations_resource ON annotations (resource_id);
CREATE INDEX annotations_user ON annotations (user_id);
--rollback DROP TABLE annotations;

--changeset pharos:v002-taxonomy-nodes-sqlite dbms:sqlite
CREATE TABLE taxonomy_nodes (
    id                        TEXT PRIMARY KEY,
    name                      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    slug                      TEXT NOT NULL UNIQUE,
    parent_id                 TEXT REFERENCES taxonomy_nodes (id) ON DELETE CASCADE,
    level                     INTEGER NOT NULL CHECK (level >= 0),
    path                      TEXT NOT NULL UNIQUE,
    description               TEXT,
    keywords                  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(keywords) AND json_type(keywords) = 'array'),
    resource_count            INTEGER NOT NULL DEFAULT 0,
    descendant_resource_count INTEGER NOT NULL DEFAULT 0,
    is_leaf                   INTEGER NOT NULL CHECK (is_leaf IN (0, 1)),
    allow_resources           INTEGER NOT NULL CHECK (allow_resources IN (0, 1)),
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL
);
CREATE INDEX taxonomy_nodes_parent ON taxonomy_nodes (parent_id);
--rollback DROP TABLE taxonomy_nodes;

--changeset pharos:v002-resource-taxonomy-sqlite dbms:sqlite
CREATE TABLE resource_taxonomy (
    resource_id  TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    taxonomy_id  TEXT NOT NULL REFERENCES taxonomy_nodes (id) ON DELETE CASCADE,
    confidence   REAL CHECK (confidence >= 0 AND confidence <= 1),
    is_predicted INTEGER NOT NULL CHECK (is_predicted IN (0, 1)),
    created_at   TEXT NOT NULL,
    PRIMARY KEY (resource_id, taxonomy_id)
);
CREATE INDEX resource_taxonomy_node ON resource_taxonomy (taxonomy_id);
--rollback DROP TABLE resource_taxonomy;

--changeset pharos:v002-citations-sqlite dbms:sqlite
CREATE TABLE citations (
    id                 TEXT PRIMARY KEY,
    source_resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    target_resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    citation_type      TEXT NOT NULL CHECK (citation_type IN ('cites', 'cited_by', 'related')),
    context            TEXT,
    confidence         REAL CHECK (confidence >= 0 AND confidence <= 1),
    created_at         TEXT NOT NULL,
    UNIQUE (source_resource_id, target_resource_id, citation_type),
    CHECK (source_resource_id <> target_resource_id)
);
CREATE INDEX citations_target ON citations (target_resource_id);
--rollback DROP TABLE citations;

--changeset pharos:v002-interactions-sqlite dbms:sqlite
CREATE TABLE interactions (
    id               TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    resource_id      TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    interaction_type TEXT NOT NULL CHECK (interaction_type IN ('view', 'bookmark', 'rate', 'download')),
    rating           INTEGER CHECK (rating BETWEEN 1 AND 5),
    duration_seconds INTEGER CHECK (duration_seconds >= 0),
    metadata         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
    created_at       TEXT NOT NULL,
    CHECK ((interaction_type = 'rate') = (rating IS NOT NULL))
);
CREATE INDEX interactions_resource ON interactions (resource_id, interaction_type);
CREATE INDEX interactions_user ON interactions (user_id);
--rollback DROP TABLE interactions;
