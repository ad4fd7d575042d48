/**
 * The Worker under integration test: every role Worker's handlers and
 * classes in one isolate, wired to one set of bindings, routed exactly as the
 * gateway routes the public origin.
 */
import type { Env } from "../src/platform/cloudflare/env.ts";
import { createCommandApp } from "../workers/command/index.ts";
import gateway from "../workers/gateway/index.ts";
import projector from "../workers/projector/index.ts";
import { createQueryApp } from "../workers/query/index.ts";

export { CreateGate } from "../src/platform/cloudflare/create-gate.ts";
export { OrderAggregate } from "../src/platform/cloudflare/order-aggregate.ts";
export { StreamRegistry } from "../src/platform/cloudflare/stream-registry.ts";

const commands = createCommandApp();
const queries = createQueryApp();
const fetchers = (env: Env, ctx: ExecutionContext) => ({
  COMMAND: { fetch: (r: Request) => commands.fetch(r, env, ctx) } as Fetcher,
  QUERY: { fetch: (r: Request) => queries.fetch(r, env, ctx) } as Fetcher,
});

export default {
  fetch(request, env, ctx) {
    return gateway.fetch(request, { ...env, ...fetchers(env, ctx) });
  },
  queue: (batch, env) => projector.queue(batch, env),
} satisfies ExportedHandler<Env>;
