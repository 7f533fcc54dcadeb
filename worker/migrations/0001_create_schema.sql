-- The whole domain of one cloud (SPEC §6). Every cloud's database runs the same migrations;
-- ids are UUIDs, times ISO 8601 UTC text, booleans 0/1, JSON as text.

CREATE TABLE partners (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('direct_reseller', 'indirect_reseller', 'indirect_provider')),
  -- The partner's own email domain: customer contacts may not use it.
  email_domain TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- An indirect reseller sells through the indirect providers it is linked to.
CREATE TABLE partner_links (
  reseller_id TEXT NOT NULL REFERENCES partners (id),
  provider_id TEXT NOT NULL REFERENCES partners (id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (reseller_id, provider_id),
  CHECK (reseller_id <> provider_id)
) WITHOUT ROWID;
CREATE INDEX partner_links_by_provider ON partner_links (provider_id, reseller_id);

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  company_name TEXT NOT NULL,
  -- Unicode-lowercased company name (SQLite's lower() is ASCII-only), for starts-with search.
  company_name_key TEXT NOT NULL,
  domain_prefix TEXT NOT NULL UNIQUE,
  domain TEXT NOT NULL UNIQUE,
  country TEXT NOT NULL,
  address_line1 TEXT NOT NULL,
  address_line2 TEXT,
  city TEXT NOT NULL,
  state TEXT,
  postal_code TEXT NOT NULL,
  contact_first_name TEXT NOT NULL,
  contact_last_name TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  contact_phone TEXT,
  language TEXT NOT NULL,
  culture TEXT NOT NULL,
  organization_registration_number TEXT,
  -- Bumped by every update; the ETag is derived from it.
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Partner staff, customer administrators and (planned) cloud operators of this cloud.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('partner', 'customer', 'operator')),
  partner_id TEXT REFERENCES partners (id),
  customer_id TEXT REFERENCES customers (id),
  -- JSON array of roles: global_admin, admin_agent, sales_agent, helpdesk_agent.
  roles TEXT NOT NULL DEFAULT '[]',
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (
    (kind = 'partner' AND partner_id IS NOT NULL AND customer_id IS NULL)
    OR (kind = 'customer' AND customer_id IS NOT NULL AND partner_id IS NULL)
    OR (kind = 'operator' AND partner_id IS NULL AND customer_id IS NULL)
  )
);
CREATE INDEX users_by_partner ON users (partner_id);
CREATE INDEX users_by_customer ON users (customer_id);

CREATE TABLE relationships (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners (id),
  customer_id TEXT NOT NULL REFERENCES customers (id),
  -- Set on an indirect provider's relationship: the reseller it serves the customer with.
  indirect_reseller_id TEXT REFERENCES partners (id),
  state TEXT NOT NULL CHECK (state IN ('active', 'removed')),
  -- Copies of the customer's search keys, so a partner's list is one index range (keyset).
  company_name_key TEXT NOT NULL,
  domain_prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  removed_at TEXT
);
CREATE UNIQUE INDEX relationships_one_active ON relationships (partner_id, customer_id)
  WHERE state = 'active';
CREATE INDEX relationships_list_by_name ON relationships (partner_id, state, company_name_key, customer_id);
CREATE INDEX relationships_list_by_domain ON relationships (partner_id, state, domain_prefix, customer_id);
CREATE INDEX relationships_by_customer ON relationships (customer_id, state);
CREATE INDEX relationships_by_reseller ON relationships (partner_id, indirect_reseller_id, state);

-- Delegated admin privileges: granted with a relationship, revoked on their own.
CREATE TABLE delegated_admin_grants (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners (id),
  customer_id TEXT NOT NULL REFERENCES customers (id),
  state TEXT NOT NULL CHECK (state IN ('active', 'revoked')),
  granted_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE UNIQUE INDEX delegated_admin_one_active ON delegated_admin_grants (partner_id, customer_id)
  WHERE state = 'active';

-- The offer catalog: one table for every cloud, each row naming the cloud it is sold in.
CREATE TABLE offers (
  cloud TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  min_quantity INTEGER NOT NULL CHECK (min_quantity >= 1),
  max_quantity INTEGER NOT NULL,
  sort_order INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (cloud, id),
  CHECK (max_quantity >= min_quantity)
) WITHOUT ROWID;

CREATE TABLE subscriptions (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers (id),
  partner_id TEXT NOT NULL REFERENCES partners (id),
  offer_id TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity >= 1),
  state TEXT NOT NULL CHECK (state IN ('active', 'suspended')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX subscriptions_by_customer ON subscriptions (customer_id, partner_id, state);

CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners (id),
  indirect_provider_id TEXT REFERENCES partners (id),
  locale TEXT NOT NULL,
  -- SHA-256 of the token; the token itself is never stored.
  token_hash TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'revoked')),
  created_by TEXT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  accepted_at TEXT,
  accepted_customer_id TEXT REFERENCES customers (id),
  revoked_at TEXT
);
CREATE INDEX invitations_by_partner ON invitations (partner_id, created_at, id);

CREATE TABLE idempotency_keys (
  partner_id TEXT NOT NULL REFERENCES partners (id),
  key TEXT NOT NULL,
  -- SHA-256 of the method, path and body the key was first used with.
  request_hash TEXT NOT NULL,
  resource_id TEXT,
  response_status INTEGER,
  created_at TEXT NOT NULL,
  PRIMARY KEY (partner_id, key)
) WITHOUT ROWID;

CREATE TABLE audit_records (
  id TEXT PRIMARY KEY,
  -- The partner whose activity log shows the record (NULL: a customer's or operator's own).
  partner_id TEXT REFERENCES partners (id),
  actor_user_id TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_records_by_partner ON audit_records (partner_id, occurred_at, id);
CREATE INDEX audit_records_by_target ON audit_records (target_type, target_id);
