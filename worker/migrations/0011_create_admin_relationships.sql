-- Granular delegated admin (SPEC §6, Admin relationship): a partner asks a customer's admin for
-- named admin roles in the customer's tenant for a fixed time; the roles reach partner users only
-- through access assignments to the partner's groups.
--
-- `status` is what was decided; the state a reader sees (expiring, expired, request_expired) is
-- computed from it and the times below against "now", so reads are right between cron runs.
-- `recorded_state` is the last computed state the scheduled run wrote to the audit trail.
CREATE TABLE admin_relationships (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners (id),
  -- Named at creation, or set by the approving customer admin when the request named nobody.
  customer_id TEXT REFERENCES customers (id),
  display_name TEXT NOT NULL,
  -- JSON array of admin role ids (src/domain/admin-roles.ts).
  roles TEXT NOT NULL,
  -- ISO 8601 duration (P1D … P2Y), also as its parts (SQLite adds them at approval), and the
  -- auto-extension period in days (0 or 180).
  duration TEXT NOT NULL,
  duration_years INTEGER NOT NULL,
  duration_months INTEGER NOT NULL,
  duration_days INTEGER NOT NULL,
  auto_extend_days INTEGER NOT NULL CHECK (auto_extend_days IN (0, 180)),
  status TEXT NOT NULL
    CHECK (status IN ('created', 'approval_pending', 'active', 'terminated', 'rejected')),
  recorded_state TEXT NOT NULL,
  -- The language of the email draft and of the approval page the link opens.
  locale TEXT NOT NULL,
  -- SHA-256 of the approval token; the token itself is never stored.
  token_hash TEXT NOT NULL UNIQUE,
  -- Approving this request revokes the partner's legacy delegated admin grant for the customer.
  replaces_delegated_admin INTEGER NOT NULL DEFAULT 0 CHECK (replaces_delegated_admin IN (0, 1)),
  -- Approving this request terminates that relationship (a bulk role removal's replacement).
  replaces_id TEXT REFERENCES admin_relationships (id),
  created_by TEXT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  request_expires_at TEXT NOT NULL,
  decided_at TEXT,
  decided_by TEXT,
  -- Set at approval (approval + duration); moved on by each auto-extension.
  ends_at TEXT,
  terminated_at TEXT,
  terminated_by TEXT
);
CREATE INDEX admin_relationships_by_partner ON admin_relationships (partner_id, created_at, id);
CREATE INDEX admin_relationships_by_customer ON admin_relationships (customer_id, partner_id, status);
CREATE INDEX admin_relationships_list_by_customer ON admin_relationships (customer_id, created_at, id);
CREATE INDEX admin_relationships_by_status ON admin_relationships (status, ends_at);
CREATE INDEX admin_relationships_by_replaced ON admin_relationships (replaces_id);

-- Which of a relationship's roles a group of the same partner holds.
CREATE TABLE admin_relationship_assignments (
  relationship_id TEXT NOT NULL REFERENCES admin_relationships (id),
  group_id TEXT NOT NULL REFERENCES partner_groups (id) ON DELETE CASCADE,
  -- JSON array: a non-empty subset of the relationship's roles.
  roles TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (relationship_id, group_id)
) WITHOUT ROWID;
CREATE INDEX admin_relationship_assignments_by_group ON admin_relationship_assignments (group_id);

-- A relationship's roles go only to a group of its own partner.
CREATE TRIGGER admin_relationship_assignments_same_partner
BEFORE INSERT ON admin_relationship_assignments
BEGIN
  SELECT RAISE(ABORT, 'assignment_group_foreign')
  WHERE NOT EXISTS (
    SELECT 1 FROM admin_relationships a JOIN partner_groups g ON g.partner_id = a.partner_id
    WHERE a.id = NEW.relationship_id AND g.id = NEW.group_id
  );
END;
