/**
 * A test-only D1 wrapper around the real binding that injects faults into a request's batches:
 * in the chosen batch (by default the first) a chosen statement fails (D1 rolls the whole batch
 * back), or a transient error — one of the messages D1 documents as retryable — is thrown
 * before the batch runs or after it committed. Or every round trip fails transiently. The rest
 * goes to the real database.
 */
import { CLOUDS, type CloudId } from "../../../src/domain/clouds.ts";
import { createApp } from "../../../worker/app.ts";
import { dbOf } from "../helpers.ts";
import { callApp } from "../relationships-helpers.ts";

export type Fault =
  | { kind: "none" }
  | { kind: "fail-statement"; at: number; batch?: number }
  | { kind: "transient-before"; batch?: number }
  | { kind: "transient-after"; batch?: number }
  | { kind: "transient-always" };

/** One of D1's retryable errors, as the binding throws it. */
export function transientError(): Error {
  return new Error("D1_ERROR: Network connection lost.");
}

const READS = new Set(["first", "all", "run", "raw"]);

/**
 * `db` with `fault` applied, and the sizes of the batches it saw in `batches`.
 *
 * @example
 * const { db, batches } = faultyDatabase(dbOf("global"), { kind: "fail-statement", at: 2 });
 */
export function faultyDatabase(db: D1Database, fault: Fault) {
  const batches: number[] = [];
  // D1's batch needs the real statements (it reads their private fields), not proxies.
  const real = new WeakMap<D1PreparedStatement, D1PreparedStatement>();
  const statement = (wrapped: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(wrapped, {
      get(target, property) {
        if (property === "bind") return (...values: unknown[]) => statement(target.bind(...values));
        const value: unknown = Reflect.get(target, property);
        if (typeof value !== "function") return value;
        if (fault.kind === "transient-always" && READS.has(String(property))) {
          return () => Promise.reject(transientError());
        }
        return (value as (...args: unknown[]) => unknown).bind(target);
      },
    });
    real.set(proxy, wrapped);
    return proxy;
  };
  const wrapped = new Proxy(db, {
    get(target, property) {
      if (property === "prepare") return (sql: string) => statement(target.prepare(sql));
      if (property === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          const reals = statements.map((s) => real.get(s) ?? s);
          const index = batches.push(reals.length) - 1;
          if (fault.kind === "transient-always") throw transientError();
          if (fault.kind === "none" || index !== (fault.batch ?? 0)) return target.batch(reals);
          switch (fault.kind) {
            case "fail-statement":
              return target.batch(
                reals.map((s, index) =>
                  index === fault.at
                    ? target.prepare("INSERT INTO no_such_table (x) VALUES (1)")
                    : s,
                ),
              );
            case "transient-before":
              throw transientError();
            case "transient-after":
              await target.batch(reals);
              throw transientError();
          }
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === "function"
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  return { db: wrapped, batches };
}

export interface FaultedRequest {
  method?: string;
  path: string;
  body?: unknown;
  cookie: string;
  headers?: Record<string, string>;
}

/** Sends `request` to a fresh app whose `cloud` database carries `fault`. */
export async function sendWithFault(cloud: CloudId, request: FaultedRequest, fault: Fault) {
  const faulty = faultyDatabase(dbOf(cloud), fault);
  const response = await callApp(createApp(), request.path, request, {
    [CLOUDS[cloud].binding]: faulty.db,
  });
  return { response, batches: faulty.batches };
}
