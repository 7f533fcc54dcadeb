import { z } from "zod";
import { Problem } from "../../src/domain/schemas/problem.ts";

type ResponseSpec = "problem" | { description: string; schema?: z.ZodType; contentType?: string };

/**
 * One API operation, described next to its routes with the same zod schemas the routes
 * validate with, so the OpenAPI document cannot drift from the code.
 */
export interface Operation {
  method: "get" | "post" | "patch" | "put" | "delete";
  /** Path below `/api/v1/{cloud}`, with `{param}` placeholders. */
  path: string;
  summary: string;
  tags: string[];
  body?: z.ZodType;
  query?: z.ZodObject;
  /** Operations outside a cloud (health, the document itself) set this. */
  global?: boolean;
  responses: Record<number, ResponseSpec>;
}

function schemaOf(schema: z.ZodType, io: "input" | "output") {
  return z.toJSONSchema(schema, { io, unrepresentable: "any" });
}

/**
 * Builds the OpenAPI 3.1 document of `operations`.
 *
 * @example
 * openApiDocument([...sessionOperations], "0.1.0");
 */
export function openApiDocument(operations: Operation[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = op.global ? `/api/v1${op.path}` : `/api/v1/{cloud}${op.path}`;
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const query = op.query
      ? Object.entries(op.query.shape).map(([name, schema]) => ({
          name,
          in: "query",
          required: !(schema as z.ZodType).safeParse(undefined).success,
          schema: schemaOf(schema as z.ZodType, "input"),
        }))
      : [];
    const cloud = op.global ? [] : [{ $ref: "#/components/parameters/cloud" }];
    paths[path] ??= {};
    paths[path][op.method] = {
      summary: op.summary,
      tags: op.tags,
      parameters: [
        ...cloud,
        ...params,
        ...query,
        { $ref: "#/components/parameters/acceptLanguage" },
      ],
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: schemaOf(op.body, "input") } },
            },
          }
        : {}),
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([status, spec]) => [
          status,
          spec === "problem"
            ? { $ref: "#/components/responses/Problem" }
            : {
                description: spec.description,
                ...(spec.schema
                  ? {
                      content: {
                        [spec.contentType ?? "application/json"]: {
                          schema: schemaOf(spec.schema, "output"),
                        },
                      },
                    }
                  : {}),
              },
        ]),
      ),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Partner Portal API",
      version,
      description:
        "Customer accounts, invitations and relationships for cloud-solution partners, per sovereign cloud. Errors are application/problem+json, localized from Accept-Language.",
    },
    paths,
    components: {
      parameters: {
        cloud: {
          name: "cloud",
          in: "path",
          required: true,
          schema: { type: "string", enum: ["global", "usgov", "germany", "china"] },
        },
        acceptLanguage: {
          name: "Accept-Language",
          in: "header",
          required: false,
          schema: { type: "string", example: "fr-FR" },
        },
      },
      responses: {
        Problem: {
          description: "A problem (RFC 9457), localized",
          content: { "application/problem+json": { schema: schemaOf(Problem, "output") } },
        },
      },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "pp_session" },
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
      },
    },
    security: [{ session: [] }, { bearer: [] }],
  };
}
