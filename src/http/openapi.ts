/**
 * The OpenAPI 3.1 document. The command Worker publishes the routes it
 * declares (zod-openapi) at /openapi.json; the public origin (the query
 * Worker) merges them with its own into the one public document.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context, Env as HonoEnv } from "hono";

export const OPENAPI_PATH = "/openapi.json";

interface Document {
  openapi: string;
  info: Record<string, unknown>;
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

const INFO = { title: "Orders API", version: "1.0.0" };

export function publishDocument<E extends HonoEnv>(app: OpenAPIHono<E>, title: string): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  app.doc31(OPENAPI_PATH, { openapi: "3.1.0", info: { title, version: INFO.version } });
}

/** Serves the public document: this app's routes merged with those of the Workers behind `others`, taken from the bindings `B`. */
export function publishMergedDocument<E extends HonoEnv, B extends object>(
  app: OpenAPIHono<E>,
  others: (env: B) => { fetch(request: Request): Promise<Response> }[],
): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  app.get(OPENAPI_PATH, async (c: Context<{ Bindings: B }>) => {
    const own = app.getOpenAPI31Document({ openapi: "3.1.0", info: INFO }) as unknown as Document;
    const theirs = await Promise.all(
      others(c.env).map(async (w) => {
        const res = await w.fetch(new Request(new URL(OPENAPI_PATH, c.req.url)));
        return (res.ok ? await res.json() : { openapi: "3.1.0", info: {} }) as Document;
      }),
    );
    return c.json(mergeDocuments([own, ...theirs], INFO), 200, { "Cache-Control": "public, max-age=60" });
  });
}

/** Merges role documents: paths (per method) and components (per name); the first document's header wins. */
export function mergeDocuments(docs: Document[], info: Record<string, unknown>): Document {
  const merged: Document = { openapi: "3.1.0", info, paths: {}, components: {} };
  for (const doc of docs) {
    for (const [path, item] of Object.entries(doc.paths ?? {})) merged.paths![path] = { ...merged.paths![path], ...item };
    for (const [kind, entries] of Object.entries(doc.components ?? {}))
      merged.components![kind] = { ...merged.components![kind], ...entries };
  }
  return merged;
}
