/** The query Worker: the read half of API.md over the D1 and KV views, and the projections' operations. */
import { registerAdminRoutes } from "../../src/http/admin-routes.ts";
import { createApp } from "../../src/http/app.ts";
import { publishDocument } from "../../src/http/openapi.ts";
import { type QueryEnv, registerQueryRoutes } from "../../src/http/query-routes.ts";
import { d1OrderViews } from "../../src/platform/cloudflare/d1-order-views.ts";
import { d1ProjectionAdmin } from "../../src/platform/cloudflare/d1-projection-admin.ts";
import { d1DeadLetters } from "../../src/platform/cloudflare/dead-letters.ts";
import type { Env } from "../../src/platform/cloudflare/env.ts";
import { orderSource } from "../../src/platform/cloudflare/order-source.ts";

export function createQueryApp() {
  const app = createApp<QueryEnv>();
  app.use(async (c, next) => {
    const env = c.env as Env;
    c.set("views", d1OrderViews(env));
    c.set("source", orderSource(env.ORDERS));
    c.set("admin", d1ProjectionAdmin(env));
    c.set("deadLetters", d1DeadLetters(env));
    await next();
  });
  registerQueryRoutes(app);
  registerAdminRoutes(app);
  publishDocument(app, "Orders: queries");
  return app;
}

const app = createQueryApp();
export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
