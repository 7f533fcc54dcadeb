-- A partner's invitations filtered by state (pending and expired are both stored as 'pending',
-- told apart by expires_at): one index range in list order (newest first), so keyset pages stay
-- flat in cost however many invitations the partner has sent.
CREATE INDEX invitations_by_partner_state ON invitations (partner_id, state, created_at, id);
