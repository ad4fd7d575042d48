/**
 * The Worker under integration test: every role Worker's handlers and
 * classes in one isolate, wired to one set of bindings, and routed exactly as
 * the public origin (the query Worker) routes: its `COMMAND` service binding
 * is the command app in this same isolate.
 */
import type { Env } from "../src/platform/cloudflare/env.ts";
import { createCommandApp } from "../workers/command/index.ts";
import projector from "../workers/projector/index.ts";
import edge from "../workers/query/index.ts";

export { CreateGate } from "../src/platform/cloudflare/create-gate.ts";
export { OrderAggregate } from "../src/platform/cloudflare/order-aggregate.ts";
export { ProductAggregate } from "../src/platform/cloudflare/product-aggregate.ts";
export { StreamRegistry } from "../src/platform/cloudflare/stream-registry.ts";

const commands = createCommandApp();

export default {
  fetch(request, env, ctx) {
    const COMMAND = { fetch: (r: Request) => commands.fetch(r, env, ctx) } as Fetcher;
    return edge.fetch(request, { ...env, COMMAND }, ctx);
  },
  queue: (batch, env) => projector.queue(batch, env),
} satisfies ExportedHandler<Env>;
