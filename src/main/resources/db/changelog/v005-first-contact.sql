--liquibase formatted sql

-- Version 5: what first use needed. Annotations whose highlighted text no longer occurs in the content are
-- marked stale (they are re-anchored on every content change); the ones already out of place are marked now.
-- Users can be disabled. A bookmark is made once per user and resource.

--changeset pharos:v005-annotations-stale-pg dbms:postgresql
ALTER TABLE annotations ADD COLUMN is_stale boolean NOT NULL DEFAULT false;
UPDATE annotations a SET is_stale = true
  FROM resources r
 WHERE r.id = a.resource_id
   AND (r.content IS NULL OR substr(r.content, a.start_offset + 1, a.end_offset - a.start_offset) <> a.highlighted_text);
--rollback ALTER TABLE annotations DROP COLUMN is_stale;

--changeset pharos:v005-annotations-stale-sqlite dbms:sqlite
ALTER TABLE annotations ADD COLUMN is_stale INTEGER NOT NULL DEFAULT 0 CHECK (is_stale IN (0, 1));
UPDATE annotations SET is_stale = 1
 WHERE NOT EXISTS (SELECT 1 FROM resources r
                    WHERE r.id = annotations.resource_id
                      AND substr(r.content, annotations.start_offset + 1, annotations.end_offset - annotations.start_offset) = annotations.highlighted_text);
--rollback ALTER TABLE annotations DROP COLUMN is_stale;

-- Users can be disabled (their keys stop working at once) and enabled again.

--changeset pharos:v005-users-disabled-pg dbms:postgresql
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
--rollback ALTER TABLE users DROP COLUMN disabled_at;

--changeset pharos:v005-users-disabled-sqlite dbms:sqlite
ALTER TABLE users ADD COLUMN disabled_at TEXT;
--rollback ALTER TABLE users DROP COLUMN disabled_at;

-- A user bookmarks a resource once: duplicates made before are merged (the earliest kept), then a partial
-- unique index keeps it so (the same on both databases).

--changeset pharos:v005-one-bookmark
DELETE FROM interactions
 WHERE interaction_type = 'bookmark'
   AND EXISTS (SELECT 1 FROM interactions e
                WHERE e.interaction_type = 'bookmark' AND e.user_id = interactions.user_id
                  AND e.resource_id = interactions.resource_id
                  AND (e.created_at < interactions.created_at OR (e.created_at = interactions.created_at AND e.id < interactions.id)));
CREATE UNIQUE INDEX interactions_one_bookmark ON interactions (user_id, resource_id) WHERE interaction_type = 'bookmark';
--rollback DROP INDEX interactions_one_bookmark;
