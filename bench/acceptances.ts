/**
 * What the accept case of the endpoints bench needs, made before the Worker starts: customers
 * that have no partner yet, each with its customer-admin user, a live server-side session
 * (stored, as sign-in stores it, by the hash of a token only the bench knows) and a pending
 * invitation from a partner of its own (so the 10,000-customer bench partner's list does not
 * grow while the other cases are measured), whose token the bench knows too.
 */
import { sessionCookieValue, SESSION_COOKIE, sessionTokenHash } from "../worker/lib/session.ts";
import { tokenHash } from "../worker/features/invitations/token.ts";
import { base64url } from "../worker/lib/crypto.ts";

/** One acceptance the bench can send: the customer admin's cookie and the invitation token. */
export interface Acceptance {
  cookie: string;
  token: string;
}

/** A 43-character base64url token derived from a label: known to the bench, unique per label. */
async function knownToken(label: string): Promise<string> {
  return base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(label)));
}

const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** One INSERT per 200 rows: a statement stays under the runtime's SQL length limit. */
function inserts(head: string, rows: string[]): string {
  const statements: string[] = [];
  for (let i = 0; i < rows.length; i += 200) {
    statements.push(`${head}\nVALUES ${rows.slice(i, i + 200).join(",\n")};`);
  }
  return statements.join("\n");
}

/**
 * `count` acceptances for cloud `global` of bench tenant `key`, as SQL and the requests that use
 * them. Session times are the real clock's, as the Worker reads it: the bench must run within
 * the sessions' idle expiry of the preparation (hours).
 */
export async function acceptancesSql(
  key: string,
  count: number,
  passwordHash: string,
): Promise<{ sql: string; acceptances: Acceptance[] }> {
  const partner = `bench-inviter-${key}`;
  const inviter = `bench-inviter-user-${key}`;
  const iso = "2026-01-01T00:00:00.000Z";
  const now = Date.now();
  const acceptances: Acceptance[] = [];
  const customers: string[] = [];
  const users: string[] = [];
  const sessions: string[] = [];
  const invitations: string[] = [];
  for (let n = 1; n <= count; n++) {
    const suffix = String(n).padStart(12, "0");
    const customerId = `61636365-0000-4000-8000-${suffix}`;
    const userId = `bench-acceptor-${key}-${n}`;
    const prefix = `${key}acc${n}`;
    const sessionToken = await knownToken(`session:${key}:${n}`);
    const invitationToken = await knownToken(`invitation:${key}:${n}`);
    customers.push(
      `(${quote(customerId)}, 'Acceptor ${n}', 'acceptor ${n}', ${quote(prefix)}, ${quote(`${prefix}.onmicrosoft.com`)}, 'US', '1 Main St', 'Seattle', 'WA', '98101', 'Pat', 'Doe', 'pat@acc${n}.example', 'en', 'en-US', 1, '${iso}', '${iso}')`,
    );
    users.push(
      `(${quote(userId)}, ${quote(`admin@${prefix}.onmicrosoft.com`)}, 'Acceptor ${n} administrator', 'customer', NULL, ${quote(customerId)}, '[]', ${quote(passwordHash)}, 0, 'active', '${iso}', '${iso}')`,
    );
    sessions.push(
      `(${quote(await sessionTokenHash(sessionToken))}, ${quote(userId)}, ${now}, ${now}, ${now + 24 * 60 * 60 * 1000})`,
    );
    invitations.push(
      `('61636365-0000-4000-9000-${suffix}', ${quote(partner)}, NULL, 'en', ${quote(await tokenHash("global", invitationToken))}, 'pending', ${quote(inviter)}, '${iso}', '2099-01-01T00:00:00.000Z')`,
    );
    const value = sessionCookieValue(sessionToken, {
      userId,
      kind: "customer",
      partnerId: undefined,
      customerId,
      roles: [],
      mustChangePassword: false,
    });
    acceptances.push({ cookie: `${SESSION_COOKIE}=${value}`, token: invitationToken });
  }
  const sql = `
INSERT INTO partners (id, name, type, email_domain, status, created_at, updated_at)
VALUES ('${partner}', 'Bench inviter ${key}', 'direct_reseller', 'bench-inviter-${key}.example', 'active', '${iso}', '${iso}');
INSERT INTO users (id, email, display_name, kind, partner_id, roles, password_hash, must_change_password, status, created_at, updated_at)
VALUES ('${inviter}', 'inviter@bench-inviter-${key}.example', 'Bench inviter ${key}', 'partner', '${partner}', '["global_admin"]', ${quote(passwordHash)}, 0, 'active', '${iso}', '${iso}');
${inserts(
  `INSERT INTO customers (id, company_name, company_name_key, domain_prefix, domain, country, address_line1, city, state, postal_code,
  contact_first_name, contact_last_name, contact_email, language, culture, version, created_at, updated_at)`,
  customers,
)}
${inserts(
  "INSERT INTO users (id, email, display_name, kind, partner_id, customer_id, roles, password_hash, must_change_password, status, created_at, updated_at)",
  users,
)}
${inserts("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)", sessions)}
${inserts(
  "INSERT INTO invitations (id, partner_id, indirect_provider_id, locale, token_hash, state, created_by, created_at, expires_at)",
  invitations,
)}`;
  return { sql, acceptances };
}
