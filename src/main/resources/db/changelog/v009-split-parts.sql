--liquibase formatted sql

-- Version 9: a library's two parts (configuration: users, API keys, monitors; content: everything else) may
-- live in two databases (PHAROS_CONFIG_DATABASE_URL). library_parts says which parts this database holds
-- and which library they belong to (written by the server on first start, copied by migrate and backups):
-- a split pair must name the same library, and a whole library must not be used as one part.
-- A reference from content to configuration (a collection's owner, an annotation's or interaction's user,
-- an alert's user and monitor) cannot be a foreign key across two databases: on PostgreSQL, the only
-- database that holds the content part of a split, those foreign keys go and the application keeps the
-- references valid ('pharos db check' reports any that dangle). SQLite libraries are never split and keep them.

--changeset pharos:v009-library-parts
CREATE TABLE library_parts (
    part        TEXT PRIMARY KEY,
    library_id  TEXT NOT NULL
);
--rollback DROP TABLE library_parts;

--changeset pharos:v009-cross-part-references-pg dbms:postgresql
ALTER TABLE collections DROP CONSTRAINT collections_owner_id_fkey;
ALTER TABLE annotations DROP CONSTRAINT annotations_user_id_fkey;
ALTER TABLE interactions DROP CONSTRAINT interactions_user_id_fkey;
ALTER TABLE alerts DROP CONSTRAINT alerts_user_id_fkey;
ALTER TABLE alerts DROP CONSTRAINT alerts_monitor_id_fkey;
--rollback ALTER TABLE collections ADD CONSTRAINT collections_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE;
--rollback ALTER TABLE annotations ADD CONSTRAINT annotations_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
--rollback ALTER TABLE interactions ADD CONSTRAINT interactions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
--rollback ALTER TABLE alerts ADD CONSTRAINT alerts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
--rollback ALTER TABLE alerts ADD CONSTRAINT alerts_monitor_id_fkey FOREIGN KEY (monitor_id) REFERENCES monitors (id) ON DELETE CASCADE;
