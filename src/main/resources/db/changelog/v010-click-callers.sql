--liquibase formatted sql

-- Version 10: a click records who made it (caller_key: the authenticated principal, 'user:<id>'), and the
-- click boost counts distinct callers instead of the client-chosen session_id. Clicks recorded before have
-- no caller and lift nothing.

--changeset pharos:v010-click-callers-pg dbms:postgresql
ALTER TABLE search_clicks ADD COLUMN caller_key text;
CREATE INDEX search_clicks_caller ON search_clicks (query_key, resource_id, caller_key);
--rollback DROP INDEX search_clicks_caller;
--rollback ALTER TABLE search_clicks DROP COLUMN caller_key;

--changeset pharos:v010-click-callers-sqlite dbms:sqlite
ALTER TABLE search_clicks ADD COLUMN caller_key TEXT;
CREATE INDEX search_clicks_caller ON search_clicks (query_key, resource_id, caller_key);
--rollback DROP INDEX search_clicks_caller;
--rollback ALTER TABLE search_clicks DROP COLUMN caller_key;
