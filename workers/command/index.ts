/** The command Worker: the write half of API.md, and the home of the OrderAggregate Durable Objects. */

import { gatedProductWriteModel, quoteTtlMs, quotingCatalog } from "../../src/app/catalog-gate.ts";
import { createApp } from "../../src/http/app.ts";
import { orderCommands } from "../../src/http/command-routes.ts";
import { jsonBody } from "../../src/http/json-body.ts";
import { publishDocument } from "../../src/http/openapi.ts";
import { productCommands } from "../../src/http/product-routes.ts";
import { productObjects, productRegistry } from "../../src/platform/cloudflare/product-source.ts";
import { durableWriteModel } from "../../src/platform/cloudflare/write-model.ts";

export { CreateGate } from "../../src/platform/cloudflare/create-gate.ts";
export { OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
export { ProductAggregate } from "../../src/platform/cloudflare/product-aggregate.ts";
export { StreamRegistry } from "../../src/platform/cloudflare/stream-registry.ts";

/** The write side's adapters over this request's bindings (workers/command/worker-configuration.d.ts, generated from its wrangler.toml). */
const orderPorts = (env: CommandWorkerEnv) => ({
  writeModel: durableWriteModel(env),
  catalog: quotingCatalog(productObjects(env), productRegistry(env), quoteTtlMs(env)),
});
const productPorts = (env: CommandWorkerEnv) => gatedProductWriteModel(productObjects(env), productRegistry(env));

export function createCommandApp() {
  const app = createApp<{ Bindings: CommandWorkerEnv }>();
  app.use(jsonBody);
  app.route("/", orderCommands(orderPorts));
  app.route("/", productCommands(productPorts));
  publishDocument(app, "Orders: commands");
  return app;
}

const app = createCommandApp();
export default { fetch: app.fetch } satisfies ExportedHandler<CommandWorkerEnv>;
