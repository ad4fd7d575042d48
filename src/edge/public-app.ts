/**
 * The public origin as one Hono app: the read half of API.md over the views,
 * the projections' operations, /health, the tracking page, the one API
 * document and its interactive docs (/docs); commands, `/events` and
 * `/track` go on to the command app (forward-to-command.ts) through this
 * app, so its CORS and response headers cover them too. The query Worker
 * serves it (workers/query/index.ts), and so does the Deno process
 * (workers/deno/main.ts), where `COMMAND` is the command app in the same
 * process.
 */

import { type AdminPorts, adminRoutes } from "../http/admin-routes.ts";
import { createApp } from "../http/app.ts";
import { registerCatalogRoutes } from "../http/catalog-routes.ts";
import { type CorsBindings, cors } from "../http/cors.ts";
import { apiDocs } from "../http/docs.ts";
import { publishMergedDocument } from "../http/openapi.ts";
import { orderQueries, type QueryPorts } from "../http/query-routes.ts";
import type { ProductViews } from "../read/ports.ts";
import { operationsConsole } from "../web/serve-console.ts";
import { trackingPage } from "../web/serve-tracking-page.ts";
import { type CommandService, forwardToCommand } from "./forward-to-command.ts";

export interface PublicAppPorts<B> {
  queries(env: B): QueryPorts;
  products(env: B): ProductViews;
  admin(env: B): AdminPorts;
}

export function publicApp<B extends { COMMAND: CommandService } & CorsBindings>(ports: PublicAppPorts<B>) {
  const app = createApp<{ Bindings: B }>();
  // First: a listed origin's preflight is answered before authentication and before the write side.
  app.use(cors());
  app.use(forwardToCommand());
  app.get("/health", (c) => c.json({ ok: true, service: "orders", time: new Date().toISOString() }));
  app.route("/", trackingPage);
  // Before the admin routes: their /admin/* authentication would answer the page itself with a 401.
  app.route("/", operationsConsole);
  app.route("/", apiDocs);
  app.route("/", orderQueries(ports.queries));
  registerCatalogRoutes(app, ports.products);
  app.route("/", adminRoutes(ports.admin));
  publishMergedDocument(app, (env: B) => [env.COMMAND]);
  return app;
}
