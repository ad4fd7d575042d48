/**
 * The query Worker, and the public origin (src/edge/public-app.ts): the
 * read routes over the D1 and KV views, and the command app
 * (workers/command/app.ts) in the same isolate, which calls
 * the order and product objects hosted by the command Worker by RPC.
 */
import { orderGate } from "../../src/app/order-gate.ts";
import type { CommandService } from "../../src/edge/forward-to-command.ts";
import { publicApp } from "../../src/edge/public-app.ts";
import { d1DeadLetters } from "../../src/platform/cloudflare/dead-letters.ts";
import { orderSource } from "../../src/platform/cloudflare/order-source.ts";
import { streamRegistry } from "../../src/platform/cloudflare/stream-registry.ts";
import { d1ProductViews } from "../../src/platform/d1-kv/d1-product-views.ts";
import { d1ProjectionAdmin } from "../../src/platform/d1-kv/d1-projection-admin.ts";
import { kvD1OrderViews } from "../../src/platform/d1-kv/kv-d1-order-views.ts";
import { durableCommandApp } from "../command/app.ts";

/** The public origin's bindings: the query Worker's (workers/query/worker-configuration.d.ts, from ../../wrangler.toml) and where commands go. */
export type PublicEnv = QueryWorkerEnv & { COMMAND: CommandService };

/** The read side's adapters over this request's bindings. */
export function createQueryApp() {
  return publicApp<PublicEnv>({
    queries: (env) => ({ views: kvD1OrderViews(env), source: orderSource(env.ORDERS), directory: orderGate(streamRegistry(env.STREAMS)) }),
    products: d1ProductViews,
    admin: (env) => ({ admin: d1ProjectionAdmin(env), deadLetters: d1DeadLetters(env) }),
  });
}

/**
 * The floor of the benchmarks (`npm run bench -- floor`): `POST
 * /bench/floor/{key}` makes one RPC that does nothing (`ping`) to the order
 * object named `key`, from this isolate as a command calls its object: the
 * same entry and hop as a command, with none of its work. Only when the
 * server was started with BENCH_FLOOR=1 (bench/lib/servers.mjs does); no
 * deployed configuration sets it, and without it the path is an unknown one
 * (a security e2e probe checks it answers 404 and leaves nothing behind).
 */
const FLOOR = /^\/bench\/floor\/([A-Za-z0-9-]{1,64})$/;
function floor(request: Request, env: QueryWorkerEnv): Promise<Response> | null {
  if ((env as { BENCH_FLOOR?: string }).BENCH_FLOOR !== "1" || request.method !== "POST") return null;
  const key = FLOOR.exec(new URL(request.url).pathname)?.[1];
  if (!key) return null;
  return env.ORDERS.get(env.ORDERS.idFromName(`bench-floor-${key}`))
    .ping()
    .then(() => Response.json({ ok: true }));
}

const app = createQueryApp();
const commands = durableCommandApp<QueryWorkerEnv>();

/** The public origin over this request's bindings, with commands served in this isolate. */
export function withCommands(env: QueryWorkerEnv, ctx: ExecutionContext): PublicEnv {
  return { ...env, COMMAND: { fetch: async (request) => commands.fetch(request, env, ctx) } };
}

export default {
  fetch: (request, env, ctx): Response | Promise<Response> => floor(request, env) ?? app.fetch(request, withCommands(env, ctx), ctx),
} satisfies ExportedHandler<QueryWorkerEnv>;
