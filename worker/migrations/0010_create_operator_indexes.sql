-- The cloud operator's console (SPEC §6, Cloud operator): partners listed and searched by name
-- across the whole cloud, and the cloud's whole audit trail filtered by actor or action, each one
-- index range in list order so keyset pages stay flat in cost however large the cloud grows.

-- Unicode-lowercased partner name (SQLite's lower() is ASCII-only), for starts-with search; the
-- portal writes it with the name. A row written without it (hand-written SQL) gets the ASCII
-- lowercase from the trigger below rather than no key at all.
ALTER TABLE partners ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE partners SET name_key = lower(name) WHERE name_key = '';

CREATE TRIGGER partners_name_key_default AFTER INSERT ON partners
WHEN NEW.name_key = ''
BEGIN
  UPDATE partners SET name_key = lower(NEW.name) WHERE id = NEW.id;
END;

CREATE INDEX partners_by_name ON partners (name_key, id);
CREATE INDEX partners_by_status_name ON partners (status, name_key, id);
CREATE INDEX partners_by_type_name ON partners (type, name_key, id);
CREATE INDEX partners_by_type_status_name ON partners (type, status, name_key, id);

CREATE INDEX audit_records_by_time ON audit_records (occurred_at, id);
CREATE INDEX audit_records_by_actor ON audit_records (actor_user_id, occurred_at, id);
CREATE INDEX audit_records_by_action ON audit_records (action, occurred_at, id);
