/**
 * The OpenAPI 3.1 document. The command Worker publishes the routes it
 * declares (zod-openapi) at /openapi.json; the public origin (the query
 * Worker) merges them with its own into the one public document, which
 * /docs shows (docs.ts) and src/client/ is generated from (npm run build:api).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context, Env as HonoEnv } from "hono";

export const OPENAPI_PATH = "/openapi.json";

export interface Document {
  openapi: string;
  info: Record<string, unknown>;
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

const DESCRIPTION = [
  "An event-sourced order platform: commands change an order (or the catalog) on its write side, queries read views projected from its events.",
  "",
  "**Authentication.** Every route but the catalog's reads needs `Authorization: Bearer <JWT>` (HS256) with `sub`, `role` (`customer`, `staff` or `service`) and `exp`.",
  "",
  "**Errors** are RFC 9457 problem details (`application/problem+json`) with a stable `code`.",
  "",
  "**Concurrency.** A command answers the resource's new version as its `ETag`; send it back as `If-Match` to apply a command only to that version (else 412). `Idempotency-Key` makes a command safe to retry.",
  "",
  "**Freshness.** Views follow the write side within moments; `GET /orders/{id}?minVersion=N` waits for a version the caller has just written.",
].join("\n");

export const INFO = { title: "Orders API", version: "1.0.0", description: DESCRIPTION };

/** Relative: the document is served by the origin it describes, whichever that is (a Worker's hostname, the Deno process). */
export const SERVERS = [{ url: "/", description: "the origin that serves this document" }];

/** Every tag an operation uses, in the order the docs list them. */
export const TAGS = [
  { name: "commands", description: "Change an order: create, add and remove items, address, place, pay, ship, deliver, cancel." },
  { name: "queries", description: "Read orders: one order, a customer's history, every order (staff), daily stats, an order's events." },
  { name: "tracking", description: "Follow an order live over a WebSocket." },
  { name: "catalog", description: "The products orders are priced from: public reads, staff commands." },
  { name: "operations", description: "Staff only: the projections' progress and rebuild, the events queue's dead letters." },
];

const BEARER = { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "a JWT (HS256) with `sub`, `role` and `exp`" } as const;

export function publishDocument<E extends HonoEnv>(app: OpenAPIHono<E>, title: string): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", BEARER);
  app.doc31(OPENAPI_PATH, { openapi: "3.1.0", info: { title, version: INFO.version }, servers: SERVERS, tags: TAGS });
}

/** Serves the public document: this app's routes merged with those of the Workers behind `others`, taken from the bindings `B`. */
export function publishMergedDocument<E extends HonoEnv, B extends object>(
  app: OpenAPIHono<E>,
  others: (env: B) => { fetch(request: Request): Promise<Response> }[],
): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", BEARER);
  app.get(OPENAPI_PATH, async (c: Context<{ Bindings: B }>) => {
    const own = app.getOpenAPI31Document({ openapi: "3.1.0", info: INFO }) as unknown as Document;
    const theirs = await Promise.all(
      others(c.env).map(async (w) => {
        const res = await w.fetch(new Request(new URL(OPENAPI_PATH, c.req.url)));
        return (res.ok ? await res.json() : { openapi: "3.1.0", info: {} }) as Document;
      }),
    );
    return c.json(mergeDocuments([own, ...theirs]), 200, { "Cache-Control": "public, max-age=60" });
  });
}

/**
 * Merges role documents: paths (per method) and components (per name), in
 * the order the apps declare them, under the public document's header
 * (INFO, SERVERS, TAGS).
 */
export function mergeDocuments(docs: Document[]): Document {
  const merged = { openapi: "3.1.0", info: INFO, servers: SERVERS, tags: TAGS, paths: {}, components: {} } satisfies Document;
  const paths: Record<string, Record<string, unknown>> = merged.paths;
  const components: Record<string, Record<string, unknown>> = merged.components;
  for (const doc of docs) {
    for (const [path, item] of Object.entries(doc.paths ?? {})) paths[path] = { ...paths[path], ...item };
    for (const [kind, entries] of Object.entries(doc.components ?? {})) components[kind] = { ...components[kind], ...entries };
  }
  return merged;
}
