-- API keys (SPEC §6, API key): a partner's named, expiring, revocable credentials for automation,
-- each with a subset of its creator's permissions. The key itself is shown once and never kept:
-- a row holds the SHA-256 of the whole key text. Times are ISO 8601 UTC text, as elsewhere.
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners (id),
  -- The global admin who made it. No foreign key: a removed user leaves the key behind, dead
  -- (the check below requires an active creator), and its audit trail readable.
  created_by TEXT NOT NULL,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  -- JSON array of permission names, in the order of KEY_PERMISSIONS (src/domain/api-keys.ts).
  permissions TEXT NOT NULL CHECK (json_valid(permissions) AND json_array_length(permissions) > 0),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL CHECK (expires_at > created_at),
  revoked_at TEXT,
  last_used_at TEXT
);

-- The list: a partner's keys, newest first.
CREATE INDEX api_keys_by_partner ON api_keys (partner_id, created_at, id);

-- The key check every request made with a key folds into its own statement or batch, exactly as
-- a cookie session does (`session_checks`, 0005): inserting a row into this view raises
-- `api_key_ended` (aborting the whole batch, so nothing is read or written) unless the key is
-- this one (hash, id, partner, creator, permissions as the key text claims them), not revoked, not
-- expired at `now`, its partner active, and its creator still an active user of that partner
-- whose current roles grant every one of the key's permissions. `grants` holds, per permission
-- of the key, the roles that grant it (from PERMISSIONS, src/domain/roles.ts). Then, in the same
-- transaction: last-used is moved when older than `touch_before`, and the use is audited once
-- per request (`audit_id`; a request whose batches are several writes it once).
CREATE VIEW api_key_checks AS
SELECT
  NULL AS key_hash, NULL AS key_id, NULL AS partner_id, NULL AS created_by, NULL AS permissions,
  NULL AS grants, NULL AS now, NULL AS touch_before, NULL AS audit_id, NULL AS request_id, NULL AS method,
  NULL AS route;

CREATE TRIGGER api_key_checks_verify INSTEAD OF INSERT ON api_key_checks
BEGIN
  SELECT RAISE(ABORT, 'api_key_ended')
  WHERE NOT EXISTS (
    SELECT 1
    FROM api_keys k
    JOIN partners p ON p.id = k.partner_id
    JOIN users u ON u.id = k.created_by
    WHERE k.key_hash = NEW.key_hash
      AND k.id = NEW.key_id
      AND k.partner_id = NEW.partner_id
      AND k.created_by = NEW.created_by
      AND json(k.permissions) = json(NEW.permissions)
      AND k.revoked_at IS NULL
      AND k.expires_at > NEW.now
      AND p.status = 'active'
      AND u.status = 'active'
      AND u.kind = 'partner'
      AND u.partner_id = k.partner_id
      AND NOT EXISTS (
        SELECT 1 FROM json_each(NEW.grants) g
        WHERE NOT EXISTS (
          SELECT 1 FROM json_each(g.value) granting JOIN json_each(u.roles) held
            ON held.value = granting.value
        )
      )
  );
  UPDATE api_keys SET last_used_at = NEW.now
  WHERE key_hash = NEW.key_hash AND (last_used_at IS NULL OR last_used_at < NEW.touch_before);
  INSERT INTO audit_records (id, partner_id, actor_user_id, action, target_type, target_id,
    request_id, occurred_at, details)
  SELECT NEW.audit_id, NEW.partner_id, NEW.key_id, 'api_key.used', 'api_key', NEW.key_id,
    NEW.request_id, NEW.now, json_object('method', NEW.method, 'route', NEW.route)
  WHERE NOT EXISTS (SELECT 1 FROM audit_records WHERE id = NEW.audit_id);
END;
