/**
 * The bindings the read side's adapters take, typed by shape alone: the
 * ambient D1Database, KVNamespace and Queue of @cloudflare/workers-types, and
 * nothing that reaches the Workers' generated types (env.ts pulls in the
 * Durable Object classes and `cloudflare:workers`). So another runtime can
 * hand the same adapters its own D1- and KV-compatible bindings
 * (src/platform/deno/sqlite-d1.ts, kv-namespace.ts), and `Env` still fits
 * wherever these are asked for.
 */
import type { ProjectorMessage } from "../../read/projector-message.ts";

export type ReadBindings = {
  /** The views' database (migrations/). */
  DB: D1Database;
  /** The hot-path copies of the views (kv-views.ts, kv-product-views.ts). */
  VIEWS: KVNamespace;
  /** The projector's Queue, as the read side sends to it: redriven events and control steps. */
  PROJECTOR_QUEUE: Queue<ProjectorMessage>;
};
