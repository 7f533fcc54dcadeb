-- Identity-provider identities (bearer JWTs, SPEC §7): a token names its user by issuer and
-- subject — immutable, unlike the email claim — and this table maps each pair to one directory
-- user. Rows are set by the cloud's operator (README.md, "Bearer tokens"); a token whose pair is
-- not here signs no one in.
CREATE TABLE identities (
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  -- Who made the mapping: 'operator' for now.
  linked_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (issuer, subject)
) WITHOUT ROWID;

CREATE INDEX identities_by_user ON identities (user_id);
