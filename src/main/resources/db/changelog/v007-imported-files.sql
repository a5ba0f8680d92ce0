--liquibase formatted sql

-- Version 7: which resource each file of an imported folder became, by the folder's real path, so
-- importing the folder again can report the files that disappeared (and delete their resources with
-- --prune) without mistaking other resources for them.

--changeset pharos:v007-imported-files-pg dbms:postgresql
CREATE TABLE imported_files (
    root         text NOT NULL,
    source       text NOT NULL,
    resource_id  uuid NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    PRIMARY KEY (root, source)
);
CREATE INDEX imported_files_resource ON imported_files (resource_id);
--rollback DROP TABLE imported_files;

--changeset pharos:v007-imported-files-sqlite dbms:sqlite
CREATE TABLE imported_files (
    root         TEXT NOT NULL,
    source       TEXT NOT NULL,
    resource_id  TEXT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    PRIMARY KEY (root, source)
);
CREATE INDEX imported_files_resource ON imported_files (resource_id);
--rollback DROP TABLE imported_files;
