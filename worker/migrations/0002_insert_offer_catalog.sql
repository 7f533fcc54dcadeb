-- The offer catalog of each cloud (reference data, part of every environment).
INSERT INTO offers (cloud, id, name, min_quantity, max_quantity, sort_order) VALUES
  ('global', 'm365-business-basic', 'Microsoft 365 Business Basic', 1, 300, 1),
  ('global', 'm365-business-standard', 'Microsoft 365 Business Standard', 1, 300, 2),
  ('global', 'm365-e3', 'Microsoft 365 E3', 1, 10000, 3),
  ('global', 'azure-plan', 'Azure plan', 1, 1, 4),
  ('usgov', 'm365-gcc-g3', 'Microsoft 365 G3 GCC', 1, 10000, 1),
  ('usgov', 'm365-gcc-g5', 'Microsoft 365 G5 GCC', 1, 10000, 2),
  ('usgov', 'azure-government-plan', 'Azure Government plan', 1, 1, 3),
  ('germany', 'o365-e1-de', 'Office 365 E1 (Microsoft Cloud Germany)', 1, 5000, 1),
  ('germany', 'o365-e3-de', 'Office 365 E3 (Microsoft Cloud Germany)', 1, 5000, 2),
  ('germany', 'azure-germany-plan', 'Azure Germany plan', 1, 1, 3),
  ('china', 'o365-e1-cn', 'Office 365 E1 (operated by 21Vianet)', 1, 2500, 1),
  ('china', 'o365-e3-cn', 'Office 365 E3 (operated by 21Vianet)', 1, 2500, 2),
  ('china', 'azure-china-plan', 'Azure operated by 21Vianet plan', 1, 1, 3);
