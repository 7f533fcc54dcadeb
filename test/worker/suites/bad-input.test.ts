/**
 * Bad input, generated from the OpenAPI document (SPEC §7, §9: "bad input of any kind: a clear
 * localized 4xx, never a 5xx, nothing stored"). For every per-cloud operation the document
 * lists, the corpus derives cases from its body schema, query parameters and path: malformed
 * JSON, wrong root and field types, missing required fields, lengths just past each bound, huge
 * strings, control characters, invalid UTF-8, lone surrogates, SQL and HTML metacharacters in
 * constrained fields, odd content types, tampered cursors, bad path ids and headers. Each case starts from a request
 * that would succeed (a real customer, invitation and token of the caller) and breaks one thing.
 */
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { hasFeature } from "../../../src/domain/clouds.ts";
import {
  createCustomer,
  customerBody,
  partnerSession,
  seedCustomers,
} from "../customers-fixtures.ts";
import { call, DEMO_PASSWORD, ORIGIN } from "../helpers.ts";
import { onboardingBody, operatorSession } from "../operator-helpers.ts";
import { invite, signedInCustomer } from "../relationships-helpers.ts";
import {
  diffDumps,
  documentedOperations,
  dumpDatabase,
  fillPath,
  isProblem,
  report,
  SIZE,
  sampleOf,
  type DocumentedOperation,
  type JsonSchema,
} from "./support.ts";

const CLOUD = "global";
/** Cases one caller makes before the next takes over (the write limit is per partner). */
const CASES_PER_CALLER = 60;
/** CI runs every `CI_STRIDE`-th case of the corpus, deep runs all of it. */
const CI_STRIDE = 6;

/** A caller with a customer, an invitation and a customer admin of its own. */
async function freshCaller() {
  const partner = await partnerSession(CLOUD);
  const created = await createCustomer(partner);
  const invitation = hasFeature(CLOUD, "resellerInvitations")
    ? await invite(CLOUD, partner.cookie)
    : undefined;
  const customerAdmin = await signedInCustomer(CLOUD);
  // A colleague of the caller's in a group: what the users and groups operations act on.
  const domain = partner.email.split("@")[1] ?? "";
  const added = await call(`/api/v1/${CLOUD}/users`, {
    cookie: partner.cookie,
    body: { displayName: "Colleague", email: `colleague@${domain}`, roles: ["sales_agent"] },
  });
  const colleagueId = ((await added.json<unknown>()) as { user: { id: string } }).user.id;
  const group = await call(`/api/v1/${CLOUD}/groups`, {
    cookie: partner.cookie,
    body: { name: "Group" },
  });
  const groupId = ((await group.json<unknown>()) as { id: string }).id;
  await call(`/api/v1/${CLOUD}/groups/${groupId}/members`, {
    cookie: partner.cookie,
    body: { userId: colleagueId },
  });
  // The operator console is judged by an operator, who may call it.
  const operator = await operatorSession(CLOUD);
  return {
    operator,
    partner,
    domain,
    customerId: created.customer.id,
    invitation,
    customerAdmin,
    colleagueId,
    groupId,
  };
}
type Caller = Awaited<ReturnType<typeof freshCaller>>;

interface BadRequest {
  label: string;
  method?: string;
  /** Replaces the path parameters of the valid request. */
  pathValues?: Record<string, string>;
  query?: string;
  headers?: Record<string, string>;
  /** Raw body; `undefined` sends the valid one, `null` none. */
  body?: string | Uint8Array | null;
  contentType?: string | null;
}

interface Template {
  operation: DocumentedOperation;
  cases: BadRequest[];
}

const SQL_AND_HTML = [
  "' OR '1'='1",
  "1; DROP TABLE customers; --",
  '" UNION SELECT password_hash FROM users --',
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "%27%20OR%201%3D1",
  "../../etc/passwd",
  "${7*7}{{7*7}}",
];

/** C0 controls and DEL, put inside a value (where trimming does not remove them). */
const CONTROL = ["\u0000", "\u0007", "\u001b[31m", "\r\n", "\u007f"];

const MALFORMED_JSON = [
  "{",
  "}",
  "[",
  '{"a":}',
  "{'single':'quotes'}",
  '{"trailing":1,}',
  "nul",
  "NaN",
  '{"a":1}{"b":2}',
  "[".repeat(20_000) + "]".repeat(20_000),
  '{"__proto__":{"admin":true}}',
  "",
];

const WRONG_ROOTS = ["null", "1", '"text"', "[]", "true", "[{}]"];

const ODD_CONTENT_TYPES = [
  "text/plain",
  "text/plain;charset=UTF-8",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
  "application/jsonp",
  "json",
];

interface Field {
  path: string[];
  schema: JsonSchema;
  /** Required by its object (an optional field may be left out or blank). */
  required: boolean;
}

/** The fields of a schema (`address.country`, `subscriptions.0.quantity`). */
function fieldsOf(schema: JsonSchema, prefix: string[] = []): Field[] {
  const fields: Field[] = [];
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const path = [...prefix, name];
    fields.push({ path, schema: child, required: schema.required?.includes(name) ?? false });
    if (child.properties) fields.push(...fieldsOf(child, path));
    if (child.items?.properties) fields.push(...fieldsOf(child.items, [...path, "0"]));
  }
  return fields;
}

function allowsNull(schema: JsonSchema): boolean {
  const types = [schema.type, ...(schema.anyOf ?? []).map((s) => s.type)].flat();
  return types.includes("null");
}

function typeOf(schema: JsonSchema): string | undefined {
  if (schema.type) return Array.isArray(schema.type) ? schema.type[0] : schema.type;
  return schema.anyOf?.find((s) => s.type !== "null")?.type as string | undefined;
}

/** `value` with `path` set to `replacement` (or removed, for `undefined`). */
function withField(value: unknown, path: string[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== "object") return undefined;
    node = next as Record<string, unknown>;
  }
  const last = path[path.length - 1] ?? "";
  if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy;
}

function hasPath(value: unknown, path: string[]): boolean {
  let node: unknown = value;
  for (const key of path) {
    if (node === null || typeof node !== "object" || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

const encoder = new TextEncoder();
const MARK = "\u0001splice\u0001";

/** The JSON of `value` with the string at `path` holding the raw bytes FF FE C3 28. */
function invalidUtf8At(value: unknown, path: string[], original: string): Uint8Array | undefined {
  const marked = withField(value, path, `${original.slice(0, 2)}${MARK}${original.slice(2)}`);
  if (marked === undefined) return undefined;
  const text = JSON.stringify(marked);
  const escaped = JSON.stringify(MARK).slice(1, -1);
  const at = text.indexOf(escaped);
  if (at < 0) return undefined;
  const before = encoder.encode(text.slice(0, at));
  const after = encoder.encode(text.slice(at + escaped.length));
  return new Uint8Array([...before, 0xff, 0xfe, 0xc3, 0x28, ...after]);
}

/** Cases that break the body of `valid` according to `schema`. */
function bodyCases(schema: JsonSchema, valid: unknown): BadRequest[] {
  const cases: BadRequest[] = [];
  const json = (label: string, value: unknown): void => {
    if (value !== undefined) cases.push({ label, body: JSON.stringify(value) });
  };
  for (const raw of MALFORMED_JSON)
    cases.push({ label: `malformed ${raw.slice(0, 12)}`, body: raw });
  for (const raw of WRONG_ROOTS) cases.push({ label: `root ${raw}`, body: raw });
  for (const type of ODD_CONTENT_TYPES) {
    cases.push({ label: `content type ${type}`, contentType: type });
    cases.push({ label: `content type ${type}, empty body`, contentType: type, body: null });
  }
  cases.push({ label: "no content type", contentType: null });
  cases.push({ label: "no body, JSON content type", body: null, contentType: "application/json" });
  json("unknown field", { ...(valid as object), unexpectedField: 1 });
  json("huge unknown field", { ...(valid as object), padding: "x".repeat(60_000) });
  cases.push({
    label: "body over the size limit",
    body: JSON.stringify({ ...(valid as object), padding: "x".repeat(70_000) }),
  });
  for (const { path, schema: field, required } of fieldsOf(schema)) {
    const name = path.join(".");
    if (!hasPath(valid, path)) {
      // An optional field the valid body leaves out: a wrong type is still wrong.
      json(`${name}: wrong type`, withField(valid, path, typeOf(field) === "string" ? 12 : "x"));
      continue;
    }
    if (required) json(`${name}: missing`, withField(valid, path, undefined));
    const type = typeOf(field);
    const wrongs: unknown[] = [
      type === "string" ? 42 : "42",
      type === "boolean" ? "true" : false,
      type === "array" ? {} : [],
      type === "object" ? [] : { nested: true },
      ...(allowsNull(field) ? [] : [null]),
    ];
    for (const wrong of wrongs)
      json(`${name}: ${JSON.stringify(wrong)}`, withField(valid, path, wrong));
    if (type === "string") {
      const current = String(
        path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], valid),
      );
      if (field.minLength !== undefined && field.minLength > 0) {
        json(`${name}: min-1`, withField(valid, path, "a".repeat(field.minLength - 1)));
      }
      if (field.maxLength !== undefined) {
        json(`${name}: max+1`, withField(valid, path, "a".repeat(field.maxLength + 1)));
      }
      json(`${name}: huge`, withField(valid, path, "ж".repeat(30_000)));
      if (required) json(`${name}: blank`, withField(valid, path, "   "));
      for (const control of CONTROL) {
        json(
          `${name}: control ${JSON.stringify(control)}`,
          withField(valid, path, `${current.slice(0, 1)}${control}${current.slice(1)}`),
        );
      }
      const bytes = invalidUtf8At(valid, path, current);
      if (bytes) cases.push({ label: `${name}: invalid UTF-8`, body: bytes });
      // JSON.stringify writes a lone surrogate as its escape (`\ud800`): valid JSON, no text.
      json(
        `${name}: lone surrogate`,
        withField(valid, path, `${current.slice(0, 1)}\ud800${current.slice(1)}`),
      );
      if (field.enum || field.pattern || field.format) {
        for (const meta of SQL_AND_HTML) json(`${name}: ${meta}`, withField(valid, path, meta));
      }
    }
    if (type === "integer" || type === "number") {
      if (field.minimum !== undefined)
        json(`${name}: min-1`, withField(valid, path, field.minimum - 1));
      if (field.maximum !== undefined)
        json(`${name}: max+1`, withField(valid, path, field.maximum + 1));
      json(`${name}: fraction`, withField(valid, path, 1.5));
      json(`${name}: 1e309`, withField(valid, path, "1e309"));
      cases.push({
        label: `${name}: 2^64`,
        body: JSON.stringify(withField(valid, path, MARK)).replace(
          JSON.stringify(MARK),
          "18446744073709551616",
        ),
      });
    }
    if (type === "array") {
      json(`${name}: empty`, withField(valid, path, []));
      json(
        `${name}: 1,000 items`,
        withField(
          valid,
          path,
          Array.from({ length: 1000 }, () => ({})),
        ),
      );
    }
  }
  return cases;
}

/** Cases that break the query of a GET from what the document says each parameter takes. */
function queryCases(operation: DocumentedOperation, cursor: string | undefined): BadRequest[] {
  // Operations that take a query refuse what they do not know (the others ignore a query).
  const cases: BadRequest[] =
    operation.query.length > 0 ? [{ label: "unknown parameter", query: "unexpected=1" }] : [];
  const names = operation.query.map((q) => q.name);
  if (names.includes("from") && names.includes("to")) {
    cases.push({
      label: "window reversed",
      query: "from=2026-06-01T00:00:00Z&to=2026-01-01T00:00:00Z",
    });
    cases.push({
      label: "window over 90 days",
      query: "from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
    });
  }
  for (const { name, schema } of operation.query) {
    const type = typeOf(schema);
    const put = (label: string, value: string) =>
      cases.push({ label: `?${name} ${label}`, query: `${name}=${encodeURIComponent(value)}` });
    if (type === "integer" || type === "number" || name === "limit") {
      for (const value of ["abc", "0", "-1", "1.5", "201", "1e309", ""]) put(value, value);
    }
    if (schema.enum)
      for (const value of ["unknown", ...SQL_AND_HTML.slice(0, 3)]) put(value, value);
    if (schema.maxLength !== undefined) put("max+1", "a".repeat(schema.maxLength + 1));
    if (name === "from" || name === "to") {
      for (const value of ["yesterday", "2026-13-45", "2026-02-30T25:00:00Z", "1e309"])
        put(value, value);
    }
    if (name === "cursor") {
      const tampered = cursor ?? "eyJ2IjoxfQ.c2ln";
      const flip = (text: string, at: number) =>
        `${text.slice(0, at)}${text[at] === "A" ? "B" : "A"}${text.slice(at + 1)}`;
      put("flipped first", flip(tampered, 0));
      put("flipped last", flip(tampered, tampered.length - 1));
      put("truncated", tampered.slice(0, -3));
      put("extended", `${tampered}AA`);
      put("no signature", tampered.split(".")[0] ?? tampered);
      put("random", btoa("not a cursor"));
      put("json", '{"v":1,"s":"x","p":["a"]}');
      for (const meta of SQL_AND_HTML.slice(0, 3)) put(meta, meta);
    }
    if (/(Id|Reseller|Provider)$/.test(name))
      for (const value of ["x", "1", SQL_AND_HTML[0] ?? ""]) put(value, value);
  }
  return cases;
}

/** Cases that break path parameters and headers. */
function pathAndHeaderCases(operation: DocumentedOperation): BadRequest[] {
  const cases: BadRequest[] = [];
  for (const name of operation.pathParams) {
    const values = [
      "not-a-uuid",
      "00000000-0000-0000-0000-00000000000g",
      `${crypto.randomUUID()}x`,
      ...SQL_AND_HTML.slice(0, 5),
      "a".repeat(5000),
      "\u0000",
      "..",
    ];
    for (const value of values) {
      cases.push({ label: `{${name}} ${value.slice(0, 20)}`, pathValues: { [name]: value } });
    }
  }
  if (operation.method === "PATCH") {
    for (const value of ["v1", '"v1', "W/", '"' + "9".repeat(400) + '"', '"v-1"']) {
      cases.push({ label: `If-Match ${value.slice(0, 10)}`, headers: { "If-Match": value } });
    }
  }
  if (operation.method === "POST" && operation.path === "/customers") {
    for (const value of ["", "é", "a".repeat(256), "two words", "\u0007"]) {
      cases.push({
        label: `Idempotency-Key ${value.slice(0, 10)}`,
        headers: { "Idempotency-Key": value },
      });
    }
  }
  return cases;
}

/** A request of `operation` that would succeed for `caller`, before a case breaks it. */
function validRequest(operation: DocumentedOperation, caller: Caller) {
  const key = `${operation.method} ${operation.path}`;
  const token = caller.invitation?.token ?? "x".repeat(43);
  const bodies: Record<string, unknown> = {
    "POST /session": { username: caller.partner.email, password: DEMO_PASSWORD },
    "POST /session/password": {
      currentPassword: DEMO_PASSWORD,
      newPassword: "Another!Password2026",
    },
    "POST /customers": customerBody(CLOUD),
    "PATCH /customers/{id}": { language: "fr", address: { ...customerBody(CLOUD).address } },
    "POST /invitations": { locale: "en" },
    "POST /invitations/preview": { token },
    "POST /invitations/accept": { token },
    "DELETE /customers/{id}/relationship": { acknowledgeLegalNotice: true },
    "POST /api-keys": { name: "Automation", permissions: ["customers.read"], expiresInDays: 30 },
    "POST /operator/partners": onboardingBody(),
    "PUT /operator/partners/{id}/name": { name: "Renamed Partners" },
    "POST /operator/partner-links": {
      resellerId: caller.partner.partnerId,
      providerId: crypto.randomUUID(),
    },
    "POST /users": {
      displayName: "New colleague",
      email: `new@${caller.domain}`,
      roles: ["sales_agent"],
    },
    "PUT /users/{id}/roles": { roles: ["helpdesk_agent"] },
    "PUT /users/{id}/status": { status: "disabled" },
    "POST /groups": { name: "Another group" },
    "PUT /groups/{id}": { name: "Renamed group" },
    "POST /groups/{id}/members": { userId: caller.colleagueId },
  };
  const operatorPath = operation.path.startsWith("/operator/");
  const cookie = key.startsWith("POST /session")
    ? undefined
    : key === "POST /invitations/accept"
      ? caller.customerAdmin.cookie
      : operatorPath
        ? caller.operator.cookie
        : caller.partner.cookie;
  const pathValues: Record<string, string> = {
    id: operation.path.startsWith("/invitations")
      ? (caller.invitation?.id ?? crypto.randomUUID())
      : operatorPath
        ? caller.partner.partnerId
        : operation.path.startsWith("/users")
          ? caller.colleagueId
          : operation.path.startsWith("/groups")
            ? caller.groupId
            : caller.customerId,
    userId: caller.colleagueId,
    prefix: "availableprefix",
    resellerId: caller.partner.partnerId,
    providerId: crypto.randomUUID(),
  };
  const headers: Record<string, string> = {};
  if (operation.method === "PATCH") headers["If-Match"] = "*";
  const body = bodies[key] ?? (operation.body ? sampleOf(operation.body) : undefined);
  return { body, cookie, pathValues, headers };
}

async function send(operation: DocumentedOperation, caller: Caller, bad: BadRequest) {
  const valid = validRequest(operation, caller);
  const headers: Record<string, string> = {
    "Sec-Fetch-Site": "same-origin",
    ...valid.headers,
    ...bad.headers,
  };
  if (valid.cookie) headers["Cookie"] = valid.cookie;
  const body =
    bad.body === null
      ? undefined
      : (bad.body ?? (valid.body === undefined ? undefined : JSON.stringify(valid.body)));
  const contentType =
    bad.contentType === null
      ? undefined
      : (bad.contentType ?? (body === undefined ? undefined : "application/json"));
  if (contentType) headers["Content-Type"] = contentType;
  const path = fillPath(operation.path, { ...valid.pathValues, ...bad.pathValues });
  const query = bad.query ?? "";
  return exports.default.fetch(`${ORIGIN}/api/v1/${CLOUD}${path}${query ? `?${query}` : ""}`, {
    method: bad.method ?? operation.method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
}

describe("bad input from the OpenAPI document", () => {
  let templates: Template[];

  beforeAll(async () => {
    const operations = await documentedOperations();
    const sample = await freshCaller();
    // A real cursor to tamper with: the second page of a list of three.
    await seedCustomers(CLOUD, sample.partner.partnerId, 3);
    const page = await call(`/api/v1/${CLOUD}/customers?limit=1`, {
      cookie: sample.partner.cookie,
    });
    const cursor = ((await page.json<unknown>()) as { nextCursor?: string }).nextCursor;
    expect(cursor).toEqual(expect.any(String));
    templates = operations.map((operation) => {
      const valid = validRequest(operation, sample);
      const cases = [
        ...(operation.body ? bodyCases(operation.body, valid.body ?? {}) : []),
        ...(operation.method === "GET" ? queryCases(operation, cursor) : []),
        ...pathAndHeaderCases(operation),
      ];
      if (!operation.body && operation.method !== "GET") {
        // A write without a body still takes only JSON, whatever the length (SPEC §7).
        for (const type of ODD_CONTENT_TYPES) {
          cases.push({ label: `content type ${type}, empty body`, contentType: type, body: null });
          cases.push({ label: `content type ${type}, with body`, contentType: type, body: "x=1" });
        }
      }
      return { operation, cases };
    });
  }, 120_000);

  it(
    "answers every case with a problem+json 4xx and stores nothing",
    { timeout: 3_600_000 },
    async () => {
      const all = templates.flatMap(({ operation, cases }) =>
        cases.map((bad) => ({ operation, bad })),
      );
      const chosen = SIZE === "deep" ? all : all.filter((_, index) => index % CI_STRIDE === 0);
      const figures = {
        cases: 0,
        operations: templates.length,
        fivexx: 0,
        accepted: 0,
        notProblem: 0,
        written: 0,
        rateLimited: 0,
      };
      const failures: string[] = [];
      let caller = await freshCaller();
      let before = await dumpDatabase(CLOUD);
      for (const [index, { operation, bad }] of chosen.entries()) {
        if (index > 0 && index % CASES_PER_CALLER === 0) {
          caller = await freshCaller();
          before = await dumpDatabase(CLOUD);
        }
        const response = await send(operation, caller, bad);
        const label = `${operation.method} ${operation.path} [${bad.label}] → ${response.status}`;
        figures.cases += 1;
        if (response.status >= 500) {
          figures.fivexx += 1;
          failures.push(`5xx: ${label}`);
        } else if (response.status < 400) {
          figures.accepted += 1;
          failures.push(`accepted: ${label}`);
        } else if (!(await isProblem(response))) {
          figures.notProblem += 1;
          failures.push(`not problem+json: ${label}`);
        }
        if (response.status === 429) figures.rateLimited += 1;
        await response.arrayBuffer();
        const after = await dumpDatabase(CLOUD);
        const changes = diffDumps(before, after);
        if (changes.length > 0) {
          figures.written += 1;
          failures.push(`written: ${label} ${changes.join("; ").slice(0, 200)}`);
        }
        before = after;
      }
      report("bad-input", { ...figures, corpus: all.length });
      expect(failures).toEqual([]);
      expect(figures.rateLimited).toBe(0);
    },
  );
});
