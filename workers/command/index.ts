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

/**
 * The floor of the benchmarks (`npm run bench -- floor`): `POST /bench/floor/{key}`
 * reaches this Worker through the public origin's forwarding like any
 * command, and makes one RPC that does nothing to the order object named
 * `key`: the same hops as a command, with none of its work; `POST
 * /bench/hop` answers here, without the object. Only when the server was
 * started with BENCH_FLOOR=1 (bench/lib/servers.mjs does); no deployed
 * configuration sets it, and without it the paths are unknown ones.
 */
const FLOOR = /^\/bench\/floor\/([A-Za-z0-9-]{1,64})$/;
function floor(request: Request, env: CommandWorkerEnv): Promise<Response> | null {
  if ((env as { BENCH_FLOOR?: string }).BENCH_FLOOR !== "1" || request.method !== "POST") return null;
  const { pathname } = new URL(request.url);
  if (pathname === "/bench/hop") return Promise.resolve(Response.json({ ok: true }));
  const key = FLOOR.exec(pathname)?.[1];
  if (!key) return null;
  return env.ORDERS.get(env.ORDERS.idFromName(`bench-floor-${key}`))
    .ping()
    .then(() => Response.json({ ok: true }));
}

const app = createCommandApp();
export default {
  fetch: (request, env, ctx) => floor(request, env) ?? app.fetch(request, env, ctx),
} satisfies ExportedHandler<CommandWorkerEnv>;
