/**
 * The query Worker, and the public origin (src/edge/public-app.ts) over the
 * D1 and KV views; commands, /events and /track go on to the command Worker
 * through its service binding.
 */
import { orderGate } from "../../src/app/order-gate.ts";
import { publicApp } from "../../src/edge/public-app.ts";
import { d1DeadLetters } from "../../src/platform/cloudflare/dead-letters.ts";
import { orderSource } from "../../src/platform/cloudflare/order-source.ts";
import { streamRegistry } from "../../src/platform/cloudflare/stream-registry.ts";
import { d1ProductViews } from "../../src/platform/d1-kv/d1-product-views.ts";
import { d1ProjectionAdmin } from "../../src/platform/d1-kv/d1-projection-admin.ts";
import { kvD1OrderViews } from "../../src/platform/d1-kv/kv-d1-order-views.ts";

/** The read side's adapters over this request's bindings (workers/query/worker-configuration.d.ts, generated from ../../wrangler.toml). */
export function createQueryApp() {
  return publicApp<QueryWorkerEnv>({
    queries: (env) => ({ views: kvD1OrderViews(env), source: orderSource(env.ORDERS), directory: orderGate(streamRegistry(env.STREAMS)) }),
    products: d1ProductViews,
    admin: (env) => ({ admin: d1ProjectionAdmin(env), deadLetters: d1DeadLetters(env) }),
  });
}

const app = createQueryApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<QueryWorkerEnv>;
