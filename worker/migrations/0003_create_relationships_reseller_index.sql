-- An indirect provider's customer list filtered by indirect reseller (or by "direct"): one index
-- range in list order (company name key, customer id), so keyset pages stay flat in cost.
CREATE INDEX relationships_list_by_reseller
  ON relationships (partner_id, state, indirect_reseller_id, company_name_key, customer_id);
