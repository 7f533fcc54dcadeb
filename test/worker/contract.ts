/**
 * The contract check: every response a worker test receives from the API is held against the
 * OpenAPI document the Worker serves — the status must be one the operation lists, and the body
 * must be of the media type and schema listed for that status — so routes and document cannot
 * drift. `call` and `callApp` (and the typed client) pass their responses through
 * {@link checkedResponse}; setup.ts reports how many each test file had checked.
 */
import { exports } from "cloudflare:workers";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats, { type FormatsPlugin } from "ajv-formats";

interface MediaType {
  schema?: object;
}
interface Operation {
  responses: Record<string, { content?: Record<string, MediaType> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

const DOCUMENT_ID = "https://portal.test/api/v1/openapi.json";

interface Contract {
  operations: { method: string; path: string; pattern: RegExp; operation: Operation }[];
  ajv: Ajv2020;
}

let contract: Promise<Contract> | undefined;

/** The served document, once per test file, with its operations as path patterns. */
function loadContract(): Promise<Contract> {
  contract ??= (async () => {
    const response = await exports.default.fetch(DOCUMENT_ID);
    if (response.status !== 200) throw new Error(`no OpenAPI document: ${response.status}`);
    const document = (await response.json<unknown>()) as Document;
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; `example` and the like are annotations.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    // The CommonJS module arrives as its exports object in workerd: the plugin is its default.
    (addFormats.default as FormatsPlugin)(ajv);
    ajv.addSchema(document, DOCUMENT_ID);
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
        .map(([method, operation]) => ({
          method: method.toUpperCase(),
          path,
          pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
          operation,
        })),
    );
    return { operations, ajv };
  })();
  return contract;
}

/** A JSON pointer token (RFC 6901). */
function pointer(token: string): string {
  return encodeURIComponent(token.replaceAll("~", "~0").replaceAll("/", "~1"));
}

const validators = new Map<string, ValidateFunction>();

let checked = 0;

/** How many responses this test file has had checked against the document. */
export function checkedCount(): number {
  return checked;
}

/**
 * Checks `response` (to `request`) against the document and returns it unread. Throws when the
 * path and method are the document's but the status, media type or body are not.
 *
 * @example
 * const response = checkedResponse(request, await app.fetch(request, env));
 */
export async function checkedResponse(
  request: Request | { method: string; url: string },
  response: Response,
): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (!pathname.startsWith("/api/")) return response;
  const { operations, ajv } = await loadContract();
  const found = operations.find(
    (entry) => entry.method === request.method && entry.pattern.test(pathname),
  );
  // A path the API does not have (its 404 is the app's, not an operation's).
  if (!found) return response;
  const what = `${request.method} ${pathname} → ${response.status}`;
  const declared = found.operation.responses[String(response.status)];
  if (!declared) {
    throw new Error(`contract: ${what} is not a status the document lists for ${found.path}`);
  }
  if (!declared.content) {
    if (response.body !== null && (await response.clone().text()) !== "") {
      throw new Error(`contract: ${what} has a body the document does not list`);
    }
  } else {
    const mediaType = (response.headers.get("Content-Type") ?? "").split(";")[0]?.trim() ?? "";
    if (!declared.content[mediaType]) {
      throw new Error(
        `contract: ${what} is ${mediaType}, not ${Object.keys(declared.content).join(", ")}`,
      );
    }
    // JSON is read from a copy; a CSV stream is left to the test (it is read as it is pulled).
    if (mediaType.endsWith("json")) {
      const body = await response.clone().text();
      // One compiled validator per distinct schema (most are a `$ref` to a component).
      const key = JSON.stringify(declared.content[mediaType]?.schema);
      let validate = validators.get(key);
      if (!validate) {
        const ref = `#/paths/${pointer(found.path)}/${request.method.toLowerCase()}/responses/${response.status}/content/${pointer(mediaType)}/schema`;
        validate = ajv.compile({ $ref: `${DOCUMENT_ID}${ref}` });
        validators.set(key, validate);
      }
      if (!validate(JSON.parse(body))) {
        throw new Error(`contract: ${what} body: ${ajv.errorsText(validate.errors)}\n${body}`);
      }
    }
  }
  checked += 1;
  return response;
}
