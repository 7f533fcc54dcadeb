-- Server-side sessions (SPEC §6, Session): a session is a row here, found by the SHA-256 of its
-- token; the token itself is only ever in the user's cookie. Times are milliseconds since the
-- epoch so that expiry is plain integer arithmetic in SQL.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  -- The absolute end: created_at + 24 h, whatever the activity.
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX sessions_by_user ON sessions (user_id, expires_at);

-- The session check every signed-in request folds into its own statement or batch: inserting a
-- row into this view raises `session_ended` (aborting the whole batch, so nothing is read or
-- written) unless the session is live and still describes its user exactly as the cookie says —
-- same user, kind, partner, customer, roles and temporary-password flag, user active, partner
-- active. A change to any of them ends the session. When the session's last-seen time is older
-- than `touch_ms`, it is moved to `now` in the same transaction (idle expiry without a separate
-- write per request).
CREATE VIEW session_checks AS
SELECT
  NULL AS token_hash, NULL AS user_id, NULL AS kind, NULL AS partner_id, NULL AS customer_id,
  NULL AS roles, NULL AS must_change_password, NULL AS now, NULL AS idle_ms, NULL AS touch_ms;

CREATE TRIGGER session_checks_verify INSTEAD OF INSERT ON session_checks
BEGIN
  SELECT RAISE(ABORT, 'session_ended')
  WHERE NOT EXISTS (
    SELECT 1
    FROM sessions s
    JOIN users u ON u.id = s.user_id
    LEFT JOIN partners p ON p.id = u.partner_id
    WHERE s.token_hash = NEW.token_hash
      AND s.user_id = NEW.user_id
      AND s.expires_at > NEW.now
      AND s.last_seen_at > NEW.now - NEW.idle_ms
      AND u.status = 'active'
      AND u.kind = NEW.kind
      AND u.partner_id IS NEW.partner_id
      AND u.customer_id IS NEW.customer_id
      AND json(u.roles) = json(NEW.roles)
      AND u.must_change_password = NEW.must_change_password
      AND (u.partner_id IS NULL OR p.status = 'active')
  );
  UPDATE sessions SET last_seen_at = NEW.now
  WHERE token_hash = NEW.token_hash AND last_seen_at < NEW.now - NEW.touch_ms;
END;
