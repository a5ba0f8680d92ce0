--liquibase formatted sql

-- Version 4: imports find a resource by its DOI or identifier (source is indexed since v003), so a line
-- without an id updates the resource it names instead of adding a duplicate.

--changeset pharos:v004-natural-keys
CREATE INDEX resources_doi ON resources (doi);
CREATE INDEX resources_identifier ON resources (identifier);
--rollback DROP INDEX resources_identifier;
--rollback DROP INDEX resources_doi;
