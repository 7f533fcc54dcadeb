-- "Replace with granular" (SPEC §6, Legacy DAP): the customers a partner still holds legacy
-- delegated admin privileges for, oldest grant first, as one index range per keyset page — the
-- page costs the same however many customers the partner has without them.
CREATE INDEX delegated_admin_active_by_grant ON delegated_admin_grants (partner_id, granted_at, customer_id)
  WHERE state = 'active';
