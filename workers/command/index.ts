/** The command Worker: the write half of API.md (src/http/command-app.ts), and the home of the Durable Objects. */

import { gatedProductWriteModel, quoteTtlMs, quotingCatalog } from "../../src/app/catalog-gate.ts";
import { commandApp } from "../../src/http/command-app.ts";
import { productObjects, productRegistry } from "../../src/platform/cloudflare/product-source.ts";
import { durableWriteModel } from "../../src/platform/cloudflare/write-model.ts";

export { CreateGate } from "../../src/platform/cloudflare/create-gate.ts";
export { OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
export { ProductAggregate } from "../../src/platform/cloudflare/product-aggregate.ts";
export { StreamRegistry } from "../../src/platform/cloudflare/stream-registry.ts";

/** The write side's adapters over this request's bindings (workers/command/worker-configuration.d.ts, generated from its wrangler.toml). */
export function createCommandApp() {
  return commandApp<CommandWorkerEnv>({
    orders: (env) => ({
      writeModel: durableWriteModel(env),
      catalog: quotingCatalog(productObjects(env), productRegistry(env), quoteTtlMs(env)),
    }),
    products: (env) => gatedProductWriteModel(productObjects(env), productRegistry(env)),
  });
}

const app = createCommandApp();
export default { fetch: app.fetch } satisfies ExportedHandler<CommandWorkerEnv>;
