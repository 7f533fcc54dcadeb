-- Partner user management (SPEC §6, Partner users and groups). The users table is rebuilt so that
--  * a user can be `removed`: the row stays (invitations, sessions, identities and group members
--    reference it; audit records name their actor by it), its sign-in ends for good, and its
--    email becomes free for a new user;
--  * an email is unique in its cloud whatever its case, among the users not removed;
--  * a partner's users list by a Unicode-lowercased name key (SQLite's lower() is ASCII-only).
-- Triggers then keep every partner with at least one active global admin, whatever the writer.

PRAGMA defer_foreign_keys = true;

-- The rows wait in a plain copy while `users` is dropped and created anew: inserting them back
-- into the new `users` settles the references the drop left dangling (deferred to the commit),
-- and no rename is needed (a rename would rewrite the references in other tables).
CREATE TABLE users_copy AS SELECT * FROM users;
DROP TABLE users;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  display_name TEXT NOT NULL,
  -- Unicode-lowercased display name, for the users list's order and starts-with search; the
  -- portal writes it with the name, a row written without it gets the ASCII lowercase (trigger).
  name_key TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('partner', 'customer', 'operator')),
  partner_id TEXT REFERENCES partners (id),
  customer_id TEXT REFERENCES customers (id),
  -- JSON array of roles: global_admin, admin_agent, sales_agent, helpdesk_agent.
  roles TEXT NOT NULL DEFAULT '[]',
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'removed')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (
    (kind = 'partner' AND partner_id IS NOT NULL AND customer_id IS NULL)
    OR (kind = 'customer' AND customer_id IS NOT NULL AND partner_id IS NULL)
    OR (kind = 'operator' AND partner_id IS NULL AND customer_id IS NULL)
  )
);

INSERT INTO users (id, email, display_name, name_key, kind, partner_id, customer_id, roles,
  password_hash, must_change_password, status, created_at, updated_at)
SELECT id, email, display_name, lower(display_name), kind, partner_id, customer_id, roles,
  password_hash, must_change_password, status, created_at, updated_at
FROM users_copy;
DROP TABLE users_copy;

-- Sign-in looks a user up by the email as typed, lowercased.
CREATE INDEX users_by_email ON users (email);
-- One live user per email, compared case-insensitively (emails are ASCII: lower() suffices); a
-- removed user's email may be taken again.
CREATE UNIQUE INDEX users_email_unique ON users (lower(email)) WHERE status <> 'removed';
CREATE INDEX users_by_partner ON users (partner_id, name_key, id);
CREATE INDEX users_by_partner_email ON users (partner_id, email, id);
CREATE INDEX users_by_customer ON users (customer_id);

CREATE TRIGGER users_name_key_default AFTER INSERT ON users
WHEN NEW.name_key = ''
BEGIN
  UPDATE users SET name_key = lower(NEW.display_name) WHERE id = NEW.id;
END;

-- The last active global admin of a partner stays one: not demoted, disabled, removed, moved
-- or deleted. Each write is one transaction in D1, so concurrent requests are serialized and
-- exactly the writes that leave another active global admin succeed.
CREATE TRIGGER users_keep_global_admin_on_update BEFORE UPDATE OF roles, status, partner_id, kind ON users
WHEN OLD.kind = 'partner' AND OLD.status = 'active'
  AND EXISTS (SELECT 1 FROM json_each(OLD.roles) WHERE value = 'global_admin')
  AND NOT (
    NEW.kind = 'partner' AND NEW.status = 'active' AND NEW.partner_id IS OLD.partner_id
    AND EXISTS (SELECT 1 FROM json_each(NEW.roles) WHERE value = 'global_admin')
  )
BEGIN
  SELECT RAISE(ABORT, 'last_global_admin')
  WHERE NOT EXISTS (
    SELECT 1 FROM users other
    WHERE other.partner_id = OLD.partner_id AND other.id <> OLD.id AND other.kind = 'partner'
      AND other.status = 'active'
      AND EXISTS (SELECT 1 FROM json_each(other.roles) WHERE value = 'global_admin')
  );
END;

CREATE TRIGGER users_keep_global_admin_on_delete BEFORE DELETE ON users
WHEN OLD.kind = 'partner' AND OLD.status = 'active'
  AND EXISTS (SELECT 1 FROM json_each(OLD.roles) WHERE value = 'global_admin')
BEGIN
  SELECT RAISE(ABORT, 'last_global_admin')
  WHERE NOT EXISTS (
    SELECT 1 FROM users other
    WHERE other.partner_id = OLD.partner_id AND other.id <> OLD.id AND other.kind = 'partner'
      AND other.status = 'active'
      AND EXISTS (SELECT 1 FROM json_each(other.roles) WHERE value = 'global_admin')
  );
END;

-- As in 0007_create_partner_groups.sql, and a removed user is no one's member.
DROP TRIGGER partner_group_members_same_partner;
CREATE TRIGGER partner_group_members_same_partner BEFORE INSERT ON partner_group_members
BEGIN
  SELECT RAISE(ABORT, 'group_member_foreign')
  WHERE NOT EXISTS (
    SELECT 1 FROM partner_groups g JOIN users u ON u.partner_id = g.partner_id
    WHERE g.id = NEW.group_id AND u.id = NEW.user_id AND u.kind = 'partner'
      AND u.status <> 'removed'
  );
END;
