import type { TestProject } from "vitest/node";
import { executeSql, run, startLocalWorker } from "../../scripts/local-worker.ts";
import { hashPassword } from "../../worker/lib/crypto.ts";
import { DEMO_PASSWORD } from "../../worker/seed/demo.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    /** The usgov operator `operator:add` created, and the temporary password it printed. */
    operator: { email: string; temporaryPassword: string };
  }
}

/** The usgov console's operator, created as a cloud's first operator is: by `operator:add`. */
const OPERATOR_EMAIL = "console@usgov.example";

/** The Worker on a free loopback port, with the demo directory and the browser tests' own users. */
export default async function setup(project: TestProject) {
  let temporaryPassword = "";
  const worker = await startLocalWorker(async (state) => {
    const printed = run("node", [
      "scripts/operator-add.ts",
      "--cloud",
      "usgov",
      "--email",
      OPERATOR_EMAIL,
      "--persist-to",
      state,
    ]);
    temporaryPassword = /Temporary password: (\S+)/.exec(printed)?.[1] ?? "";
    if (!temporaryPassword) throw new Error(`operator:add printed no password:\n${printed}`);
    // A Contoso user who must change a temporary password (test data, not demo data).
    const hash = await hashPassword(DEMO_PASSWORD);
    executeSql(
      state,
      "DB_GLOBAL",
      `INSERT INTO users (id, email, display_name, kind, partner_id, roles, password_hash, must_change_password, status, created_at, updated_at)
       SELECT 'e2e-temporary-user', 'temporary@contoso.example', 'Tess Temporary', 'partner', id, '["sales_agent"]', '${hash}', 1, 'active', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
       FROM partners WHERE email_domain = 'contoso.example';`,
    );
    // The relationship story (relationships.test.ts): Adatum's admin signs in with a temporary
    // password first; a Fabrikam helpdesk agent may read invitations but not write them nor
    // read the audit log (test data, not demo data).
    executeSql(
      state,
      "DB_GLOBAL",
      `UPDATE users SET must_change_password = 1 WHERE email = 'admin@adatum.onmicrosoft.com';
       INSERT INTO users (id, email, display_name, kind, partner_id, roles, password_hash, must_change_password, status, created_at, updated_at)
       SELECT 'e2e-fabrikam-helpdesk', 'helpdesk@fabrikam.example', 'Hugo Helpdesk', 'partner', id, '["helpdesk_agent"]', '${hash}', 0, 'active', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
       FROM partners WHERE email_domain = 'fabrikam.example';`,
    );
    // The admin relationship story (admin-relationships.test.ts): a Contoso group holding the
    // demo admin agent, and an admin agent outside it (test data, not demo data). Groups are
    // made with SQL here because the users page that manages them is not part of this suite.
    executeSql(
      state,
      "DB_GLOBAL",
      `INSERT INTO partner_groups (id, partner_id, name, name_key, created_at, updated_at)
       SELECT '6f1c2e4a-0b7d-4c1e-9a3f-5d2b8e7c4a10', id, 'Поддержка клиентов', 'поддержка клиентов', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
       FROM partners WHERE email_domain = 'contoso.example';
       INSERT INTO partner_group_members (group_id, user_id, added_at)
       SELECT '6f1c2e4a-0b7d-4c1e-9a3f-5d2b8e7c4a10', id, '2026-01-01T00:00:00Z' FROM users WHERE email = 'agent@contoso.example';
       INSERT INTO users (id, email, display_name, kind, partner_id, roles, password_hash, must_change_password, status, created_at, updated_at)
       SELECT 'e2e-contoso-outsider', 'outsider@contoso.example', 'Otto Outsider', 'partner', id, '["admin_agent"]', '${hash}', 0, 'active', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
       FROM partners WHERE email_domain = 'contoso.example';`,
    );
  });
  project.provide("baseURL", worker.baseURL);
  project.provide("operator", { email: OPERATOR_EMAIL, temporaryPassword });
  return worker.stop;
}
