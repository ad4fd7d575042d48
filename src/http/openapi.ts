/**
 * The OpenAPI 3.1 document. Each role Worker publishes the routes it
 * declares (zod-openapi) at /openapi.json; the gateway merges them into the
 * public origin's one document.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Env as HonoEnv } from "hono";

export const OPENAPI_PATH = "/openapi.json";

interface Document {
  openapi: string;
  info: Record<string, unknown>;
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export function publishDocument<E extends HonoEnv>(app: OpenAPIHono<E>, title: string): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  app.doc31(OPENAPI_PATH, { openapi: "3.1.0", info: { title, version: "1.0.0" } });
}

/** Merges role documents: paths (per method) and components (per name); the first document's header wins. */
export function mergeDocuments(docs: Document[], info: Record<string, unknown>): Document {
  const merged: Document = { openapi: "3.1.0", info, paths: {}, components: {} };
  for (const doc of docs) {
    for (const [path, item] of Object.entries(doc.paths ?? {})) merged.paths![path] = { ...merged.paths![path], ...item };
    for (const [kind, entries] of Object.entries(doc.components ?? {})) merged.components![kind] = { ...merged.components![kind], ...entries };
  }
  return merged;
}
