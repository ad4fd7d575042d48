/**
 * The query Worker, and the public origin: the read half of API.md over the
 * D1 and KV views, the projections' operations, /health, the tracking page
 * and the API document. Commands, /events and /track go on to the command
 * Worker (src/edge/forward-to-command.ts) through this app, so its CORS and
 * response headers cover them too.
 */
import { orderGate } from "../../src/app/order-gate.ts";
import { forwardToCommand } from "../../src/edge/forward-to-command.ts";
import { adminRoutes } from "../../src/http/admin-routes.ts";
import { createApp } from "../../src/http/app.ts";
import { registerCatalogRoutes } from "../../src/http/catalog-routes.ts";
import { cors } from "../../src/http/cors.ts";
import { publishMergedDocument } from "../../src/http/openapi.ts";
import { orderQueries } from "../../src/http/query-routes.ts";
import { d1ProductViews } from "../../src/platform/cloudflare/d1-product-views.ts";
import { d1ProjectionAdmin } from "../../src/platform/cloudflare/d1-projection-admin.ts";
import { d1DeadLetters } from "../../src/platform/cloudflare/dead-letters.ts";
import { kvD1OrderViews } from "../../src/platform/cloudflare/kv-d1-order-views.ts";
import { orderSource } from "../../src/platform/cloudflare/order-source.ts";
import { streamRegistry } from "../../src/platform/cloudflare/stream-registry.ts";
import { trackingPage } from "../../src/web/serve-tracking-page.ts";

/** The read side's adapters over this request's bindings (workers/query/worker-configuration.d.ts, generated from ../../wrangler.toml). */
const queryPorts = (env: QueryWorkerEnv) => ({
  views: kvD1OrderViews(env),
  source: orderSource(env.ORDERS),
  directory: orderGate(streamRegistry(env.STREAMS)),
});
const adminPorts = (env: QueryWorkerEnv) => ({ admin: d1ProjectionAdmin(env), deadLetters: d1DeadLetters(env) });

export function createQueryApp() {
  const app = createApp<{ Bindings: QueryWorkerEnv }>();
  // First: a listed origin's preflight is answered before authentication and before the write side.
  app.use(cors());
  app.use(forwardToCommand());
  app.get("/health", (c) => c.json({ ok: true, service: "orders", time: new Date().toISOString() }));
  app.route("/", trackingPage);
  app.route("/", orderQueries(queryPorts));
  registerCatalogRoutes(app, d1ProductViews);
  app.route("/", adminRoutes(adminPorts));
  publishMergedDocument(app, (env: QueryWorkerEnv) => [env.COMMAND]);
  return app;
}

const app = createQueryApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<QueryWorkerEnv>;
