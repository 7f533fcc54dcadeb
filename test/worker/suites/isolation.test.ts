/**
 * Isolation, property-based (SPEC §2, §7, §9 "no cross-tenant or cross-cloud read or write,
 * under randomized attack"). fast-check draws a cloud, an attacker (a partner of any type in
 * any role, a customer admin, nobody), an operation of the OpenAPI document that takes an id,
 * and where that id comes from: another partner of the same cloud, another cloud, or nowhere.
 * A leak is a 2xx that answers for an object that is not the caller's, or whose body holds a
 * victim's data; a mutation is any difference in either database involved, before and after.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { CLOUD_IDS, type CloudId } from "../../../src/domain/clouds.ts";
import { call } from "../helpers.ts";
import {
  diffDumps,
  documentedOperations,
  dumpDatabase,
  fillPath,
  report,
  sized,
  sampleOf,
  type DocumentedOperation,
  type Dump,
  type JsonSchema,
} from "./support.ts";
import { buildWorld, type SlotKind, type Victims, type World } from "./world.ts";

const CASES = sized(300, 10_000);
const ATTACKING_PARTNERS = sized(3, 12);

/** The kind of id a path parameter of each resource (`/{resource}/{id}…`) names. */
const PATH_KINDS: Readonly<Record<string, SlotKind>> = {
  customers: "customer",
  invitations: "invitation",
  "api-keys": "apiKey",
  users: "user",
  groups: "group",
};

type Source = "other-partner" | "other-cloud" | "nowhere";

interface Slot {
  in: "path" | "query" | "body";
  name: string;
  kind: SlotKind;
}

/** The id slots of an operation, by what its path and field names say they hold. */
function slotsOf(operation: DocumentedOperation): Slot[] {
  const resource = operation.path.split("/")[1] ?? "";
  const pathKind = (name: string): SlotKind =>
    name === "prefix" ? "prefix" : name === "userId" ? "user" : (PATH_KINDS[resource] ?? "any");
  const fieldKind = (name: string, schema: JsonSchema): SlotKind | undefined =>
    name === "cursor"
      ? "cursor"
      : name === "token"
        ? "token"
        : name === "userId"
          ? "user"
          : schema.format === "uuid" || /(Id|Reseller|Provider)$/.test(name)
            ? "partner"
            : undefined;
  const slots: Slot[] = operation.pathParams.map((name) => ({
    in: "path",
    name,
    kind: pathKind(name),
  }));
  for (const { name, schema } of operation.query) {
    const kind = fieldKind(name, schema);
    if (kind) slots.push({ in: "query", name, kind });
  }
  for (const [name, schema] of Object.entries(operation.body?.properties ?? {})) {
    const kind = fieldKind(name, schema);
    if (kind) slots.push({ in: "body", name, kind });
  }
  return slots;
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

/** A value from nowhere: well-formed, and nobody's. */
function nowhere(kind: SlotKind, pick: number): string {
  switch (kind) {
    case "prefix":
      return `n${crypto.randomUUID().replaceAll("-", "").slice(0, 14)}`;
    case "token":
      return randomToken();
    case "cursor":
      return pick % 2 === 0 ? randomToken() : `${randomToken()}.${randomToken()}`;
    default:
      return crypto.randomUUID();
  }
}

function fromVictims(victims: Victims, kind: SlotKind, pick: number): string | undefined {
  const pool =
    kind === "any"
      ? [
          ...victims.customer,
          ...victims.invitation,
          ...victims.apiKey,
          ...victims.partner,
          ...victims.user,
        ]
      : victims[kind];
  return pool.length > 0 ? pool[pick % pool.length] : undefined;
}

interface Case {
  cloud: CloudId;
  attacker: number;
  operation: number;
  source: Source;
  otherCloud: number;
  pick: number;
}

describe("isolation under randomized attack", () => {
  let world: World;
  let operations: { operation: DocumentedOperation; slots: Slot[] }[];

  beforeAll(async () => {
    operations = (await documentedOperations())
      .map((operation) => ({ operation, slots: slotsOf(operation) }))
      .filter(({ slots }) => slots.length > 0);
    world = await buildWorld(ATTACKING_PARTNERS);
    // Every kind of victim value exists, or the cases would test nothing.
    for (const cloud of CLOUD_IDS) {
      const { victims } = world[cloud];
      expect(victims.customer, cloud).toHaveLength(2);
      expect(victims.user, cloud).toHaveLength(1);
      expect(victims.group, cloud).toHaveLength(1);
      expect(victims.cursor.length, cloud).toBeGreaterThanOrEqual(2);
      if (cloud !== "china") expect(victims.token, cloud).toHaveLength(2);
    }
  }, 600_000);

  it(`leaks nothing and changes nothing in ${CASES} cases`, { timeout: 3_600_000 }, async () => {
    // Each operation the document lists with an id slot takes part.
    expect(operations.map(({ operation }) => `${operation.method} ${operation.path}`)).toEqual(
      expect.arrayContaining([
        "GET /customers/{id}",
        "PATCH /customers/{id}",
        "POST /invitations/accept",
        "GET /customers",
        "DELETE /api-keys/{id}",
        "PUT /users/{id}/roles",
        "DELETE /groups/{id}/members/{userId}",
      ]),
    );
    const allMarkers = CLOUD_IDS.flatMap((cloud) => world[cloud].victims.markers);
    const otherMarkers = (cloud: CloudId) =>
      CLOUD_IDS.filter((other) => other !== cloud).flatMap((other) => world[other].victims.markers);
    const baseline = new Map<CloudId, Dump>();
    for (const cloud of CLOUD_IDS) baseline.set(cloud, await dumpDatabase(cloud));
    const figures = { cases: 0, leaks: 0, mutations: 0, answered2xx: 0, refused4xx: 0, other: 0 };
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const signedIn = new Set<string>();

    const attack = async (drawn: Case): Promise<boolean> => {
      const { cloud } = drawn;
      const attackers = world[cloud].attackers;
      const attacker = attackers[drawn.attacker % attackers.length];
      const { operation, slots } =
        operations[drawn.operation % operations.length] ?? operations[0]!;
      const others = CLOUD_IDS.filter((c) => c !== cloud);
      // The cloud's operator may see its own cloud's partners in the console: what it must
      // never reach there is another cloud's (so "another partner" is drawn from another cloud).
      const inConsole = attacker!.operator === true && operation.path.startsWith("/operator/");
      // A same-cloud invitation token is a capability its holder was given, not another's data.
      const source: Source =
        drawn.source === "other-partner" && slots.some((s) => s.kind === "token")
          ? "nowhere"
          : inConsole && drawn.source === "other-partner"
            ? "other-cloud"
            : drawn.source;
      const sourceCloud = source === "other-cloud" ? others[drawn.otherCloud % 3]! : cloud;
      const chosen = slots[drawn.pick % slots.length]!;
      const valueFor = (slot: Slot): string =>
        (source === "nowhere"
          ? undefined
          : fromVictims(world[sourceCloud].victims, slot.kind, drawn.pick)) ??
        nowhere(slot.kind, drawn.pick);

      const cookie = await attacker!.cookie();
      // Signing in may write (a session); the baseline is taken after it.
      if (cookie !== undefined && !signedIn.has(cookie)) {
        signedIn.add(cookie);
        baseline.set(cloud, await dumpDatabase(cloud));
      }
      const pathValues = Object.fromEntries(
        slots.filter((s) => s.in === "path").map((s) => [s.name, valueFor(s)]),
      );
      const query =
        chosen.in === "query" ? `?${chosen.name}=${encodeURIComponent(valueFor(chosen))}` : "";
      const body =
        operation.body === undefined
          ? undefined
          : {
              ...(sampleOf(operation.body) as Record<string, unknown>),
              ...(chosen.in === "body" ? { [chosen.name]: valueFor(chosen) } : {}),
            };
      const headers: Record<string, string> = {};
      if (operation.method === "PATCH") headers["If-Match"] = "*";
      if (operation.method === "POST") headers["Idempotency-Key"] = crypto.randomUUID();
      const path = `/api/v1/${cloud}${fillPath(operation.path, pathValues)}${query}`;
      const response = await call(path, {
        method: operation.method,
        ...(body === undefined ? {} : { body }),
        ...(cookie ? { cookie } : {}),
        headers,
      });
      const text = await response.text();
      figures.cases += 1;
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const ok = response.status >= 200 && response.status < 300;
      if (ok) figures.answered2xx += 1;
      else if (response.status < 500) figures.refused4xx += 1;
      else figures.other += 1;

      // Domain availability answers for any prefix of its own cloud (a domain is unique per
      // cloud, SPEC §6); another cloud's taken prefix must read as available here.
      const leak =
        ok &&
        (chosen.kind === "prefix"
          ? source === "other-cloud" && text.includes('"available":false')
          : chosen.in === "path" ||
            (inConsole ? otherMarkers(cloud) : allMarkers).some((marker) => text.includes(marker)));
      const label = `${attacker!.label} ${operation.method} ${path} (${source}) → ${response.status}`;
      if (leak) {
        figures.leaks += 1;
        failures.push(`leak: ${label} ${text.slice(0, 200)}`);
      }
      let mutated = false;
      for (const involved of new Set([cloud, sourceCloud])) {
        const after = await dumpDatabase(involved);
        const changes = diffDumps(baseline.get(involved)!, after);
        if (changes.length > 0) {
          mutated = true;
          failures.push(`mutation: ${label} ${changes.join("; ").slice(0, 300)}`);
          baseline.set(involved, after);
        }
      }
      if (mutated) figures.mutations += 1;
      if (response.status >= 500) failures.push(`5xx: ${label}`);
      return !leak && !mutated && response.status < 500;
    };

    const cases = fc.record({
      cloud: fc.constantFrom(...CLOUD_IDS),
      attacker: fc.nat(),
      operation: fc.nat(),
      source: fc.constantFrom<Source>("other-partner", "other-cloud", "nowhere"),
      otherCloud: fc.nat(),
      pick: fc.nat(),
    });
    try {
      await fc.assert(fc.asyncProperty(cases, attack), { numRuns: CASES, endOnFailure: true });
    } finally {
      report("isolation", {
        ...figures,
        operations: operations.length,
        statuses: [...statuses.entries()]
          .sort(([a], [b]) => a - b)
          .map(([status, n]) => `${status}:${n}`)
          .join(","),
      });
      // What failed, so a randomized failure can be read (and replayed from fast-check's seed).
      for (const failure of failures) console.log(`[suite isolation] ${failure}`);
    }
    expect(failures).toEqual([]);
    expect(figures.cases).toBeGreaterThanOrEqual(CASES);
  });
});
