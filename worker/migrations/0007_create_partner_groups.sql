-- Groups of a partner's users (SPEC §6, Partner users and groups): named by the partner's
-- global admins, managed on the users page; admin relationships assign customer-tenant admin
-- roles to them. A group and its members belong to one partner.
CREATE TABLE partner_groups (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners (id),
  name TEXT NOT NULL,
  -- Unicode-lowercased name: a partner's group names are unique whatever their case.
  name_key TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (partner_id, name_key)
);

CREATE TABLE partner_group_members (
  group_id TEXT NOT NULL REFERENCES partner_groups (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  added_at TEXT NOT NULL,
  PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;

CREATE INDEX partner_group_members_by_user ON partner_group_members (user_id, group_id);

-- A member is a user of the group's own partner, never anyone else's.
CREATE TRIGGER partner_group_members_same_partner BEFORE INSERT ON partner_group_members
BEGIN
  SELECT RAISE(ABORT, 'group_member_foreign')
  WHERE NOT EXISTS (
    SELECT 1 FROM partner_groups g JOIN users u ON u.partner_id = g.partner_id
    WHERE g.id = NEW.group_id AND u.id = NEW.user_id AND u.kind = 'partner'
  );
END;
