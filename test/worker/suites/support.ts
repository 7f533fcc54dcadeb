/**
 * What the suites share: their size (CI or deep, from SUITE_SIZE), the operations of the
 * OpenAPI document the Worker serves, whole-database dumps and their differences, and the one
 * line each suite prints its figures on.
 */
import { env, exports } from "cloudflare:workers";
import type { CloudId } from "../../../src/domain/clouds.ts";
import { dbOf, ORIGIN } from "../helpers.ts";

/** `deep` under `npm run test:deep`, `ci` in `npm test`. */
export const SIZE = env.SUITE_SIZE === "deep" ? "deep" : "ci";

/** The CI or the deep figure, by {@link SIZE}. */
export function sized(ci: number, deep: number): number {
  return SIZE === "deep" ? deep : ci;
}

/** Prints a suite's figures on one line, e.g. `[suite races] size=ci trials=5 winners=1`. */
export function report(suite: string, figures: Record<string, number | string>): void {
  const text = Object.entries(figures)
    .map(([name, value]) => `${name}=${value}`)
    .join(" ");
  console.log(`[suite ${suite}] size=${SIZE} ${text}`);
}

/** A JSON Schema as `z.toJSONSchema` writes it (the parts the suites read). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
}

export interface DocumentedOperation {
  method: string;
  /** The path template below `/api/v1/{cloud}`, e.g. `/customers/{id}`. */
  path: string;
  pathParams: string[];
  query: { name: string; required: boolean; schema: JsonSchema }[];
  body: JsonSchema | undefined;
}

interface OpenApiDocument {
  components?: { schemas?: Record<string, JsonSchema> };
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name?: string; in?: string; required?: boolean; schema?: JsonSchema }[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}

/** Every per-cloud operation of `GET /api/v1/openapi.json`, as the Worker serves it now. */
export async function documentedOperations(): Promise<DocumentedOperation[]> {
  const response = await exports.default.fetch(`${ORIGIN}/api/v1/openapi.json`);
  if (response.status !== 200) throw new Error(`openapi.json: ${response.status}`);
  const document = (await response.json<unknown>()) as OpenApiDocument;
  const schemas = document.components?.schemas ?? {};
  // Named schemas are `$ref`s: inline them (a schema that refers to itself stays a `$ref`).
  const inline = (schema: JsonSchema | undefined, seen: string[] = []): JsonSchema | undefined => {
    if (!schema || typeof schema !== "object") return schema;
    if (schema.$ref) {
      const name = schema.$ref.replace("#/components/schemas/", "");
      if (seen.includes(name)) return schema;
      return inline(schemas[name], [...seen, name]);
    }
    const copy = { ...schema } as Record<string, unknown>;
    for (const [key, value] of Object.entries(schema)) {
      if (key === "properties" && value && typeof value === "object") {
        copy[key] = Object.fromEntries(
          Object.entries(value as Record<string, JsonSchema>).map(([name, child]) => [
            name,
            inline(child, seen),
          ]),
        );
      } else if ((key === "items" || key === "additionalProperties") && typeof value === "object") {
        copy[key] = inline(value as JsonSchema, seen);
      } else if ((key === "anyOf" || key === "oneOf" || key === "allOf") && Array.isArray(value)) {
        copy[key] = value.map((child: JsonSchema) => inline(child, seen));
      }
    }
    return copy;
  };
  const operations: DocumentedOperation[] = [];
  for (const [template, methods] of Object.entries(document.paths)) {
    if (!template.startsWith("/api/v1/{cloud}")) continue;
    const path = template.slice("/api/v1/{cloud}".length);
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? ""),
        query: parameters
          .filter((p) => p.in === "query" && p.name)
          .map((p) => ({
            name: p.name ?? "",
            required: p.required ?? false,
            schema: inline(p.schema) ?? {},
          })),
        body: inline(operation.requestBody?.content?.["application/json"]?.schema),
      });
    }
  }
  return operations;
}

/** A value that satisfies `schema`, for the fields of a body that are not under attack. */
export function sampleOf(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "boolean":
      return true;
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "array":
      return [];
    case "object": {
      const properties = schema.properties ?? {};
      const required = schema.required ?? [];
      // An update with nothing in it is a 400 before ownership is looked at: send one field.
      const chosen =
        required.length > 0
          ? required
          : Object.keys(properties)
              .filter((name) => properties[name]?.enum)
              .slice(0, 1);
      return Object.fromEntries(chosen.map((name) => [name, sampleOf(properties[name] ?? {})]));
    }
    default:
      return "a".repeat(Math.max(schema.minLength ?? 1, 1));
  }
}

/** Fills `{param}` placeholders of `path` from `values`. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replaceAll(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ""));
}

/** A database as rows per table, each row a canonical JSON string, sorted. */
export type Dump = Map<string, string[]>;

const tableNames = new Map<CloudId, Promise<string[]>>();

function tablesOf(cloud: CloudId): Promise<string[]> {
  let names = tableNames.get(cloud);
  if (!names) {
    names = dbOf(cloud)
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'
         ORDER BY name`,
      )
      .all<{ name: string }>()
      .then(({ results }) => results.map((row) => row.name));
    tableNames.set(cloud, names);
  }
  return names;
}

/**
 * A session's own bookkeeping (when it was last used, its sliding idle expiry) changes on every
 * authenticated request; it is not data of anyone else, so dumps leave those columns out.
 */
const BOOKKEEPING_COLUMN = /^(last_|seen_|used_|touched_|idle_)|_(seen|used|touched)_at$/;

/** Every row of every table of `cloud`, in one batch (one D1 round trip). */
export async function dumpDatabase(cloud: CloudId): Promise<Dump> {
  const db = dbOf(cloud);
  const tables = await tablesOf(cloud);
  const results = await db.batch<Record<string, unknown>>(
    tables.map((table) => db.prepare(`SELECT * FROM "${table}"`)),
  );
  const dump: Dump = new Map();
  tables.forEach((table, index) => {
    const rows = (results[index]?.results ?? []).map((row) =>
      JSON.stringify(
        Object.entries(row).filter(
          ([column]) => !(table === "sessions" && BOOKKEEPING_COLUMN.test(column)),
        ),
      ),
    );
    dump.set(table, rows.sort());
  });
  return dump;
}

/** What changed between two dumps: per table, rows that appeared and rows that went. */
export function diffDumps(before: Dump, after: Dump): string[] {
  const changes: string[] = [];
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const was = new Set(before.get(table) ?? []);
    const is = new Set(after.get(table) ?? []);
    const added = [...is].filter((row) => !was.has(row));
    const removed = [...was].filter((row) => !is.has(row));
    if (added.length > 0 || removed.length > 0) {
      changes.push(`${table}: +${added.length} -${removed.length} ${added[0] ?? removed[0]}`);
    }
  }
  return changes;
}

/** Rows of `table` in a dump (e.g. to count what a run wrote). */
export function rowCount(dump: Dump, table: string): number {
  return dump.get(table)?.length ?? 0;
}

/** Whether `response` is problem+json whose `status` member matches the HTTP status. */
export async function isProblem(response: Response): Promise<boolean> {
  if (!response.headers.get("Content-Type")?.startsWith("application/problem+json")) return false;
  try {
    const body = (await response.clone().json<unknown>()) as { status?: unknown; code?: unknown };
    return body.status === response.status && typeof body.code === "string";
  } catch {
    return false;
  }
}

/** Runs `tasks` with at most `limit` in flight at once. */
export async function inParallel<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  });
  await Promise.all(workers);
  return results;
}
