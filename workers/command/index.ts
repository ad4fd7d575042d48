/** The command Worker: the write half of API.md, and the home of the OrderAggregate Durable Objects. */

import type { MiddlewareHandler } from "hono";
import { gatedProductWriteModel, quoteTtlMs, quotingCatalog } from "../../src/app/catalog-gate.ts";
import { createApp } from "../../src/http/app.ts";
import { type CommandEnv, registerCommandRoutes } from "../../src/http/command-routes.ts";
import { jsonBody } from "../../src/http/json-body.ts";
import { publishDocument } from "../../src/http/openapi.ts";
import { registerProductRoutes } from "../../src/http/product-routes.ts";
import { productObjects, productRegistry } from "../../src/platform/cloudflare/product-source.ts";
import { durableWriteModel } from "../../src/platform/cloudflare/write-model.ts";

export { CreateGate } from "../../src/platform/cloudflare/create-gate.ts";
export { OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
export { ProductAggregate } from "../../src/platform/cloudflare/product-aggregate.ts";
export { StreamRegistry } from "../../src/platform/cloudflare/stream-registry.ts";

/** This Worker's bindings (workers/command/worker-configuration.d.ts, generated from its wrangler.toml) under the routes' variables. */
type CommandWorker = { Bindings: CommandWorkerEnv; Variables: CommandEnv["Variables"] };

/** The write side's adapters over this request's bindings. */
const writeModels: MiddlewareHandler<CommandWorker> = async function writeModels(c, next) {
  const env = c.env;
  c.set("writeModel", durableWriteModel(env));
  c.set("products", gatedProductWriteModel(productObjects(env), productRegistry(env)));
  c.set("catalog", quotingCatalog(productObjects(env), productRegistry(env), quoteTtlMs(env)));
  await next();
};

export function createCommandApp() {
  const app = createApp<CommandEnv>();
  app.use(jsonBody);
  app.use(writeModels);
  registerCommandRoutes(app);
  registerProductRoutes(app);
  publishDocument(app, "Orders: commands");
  return app;
}

const app = createCommandApp();
export default { fetch: app.fetch } satisfies ExportedHandler<CommandWorkerEnv>;
