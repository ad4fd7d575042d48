/**
 * The Worker under integration test: every role Worker's handlers and
 * classes in one isolate, wired to one set of bindings: the public origin
 * (the query Worker, which serves the commands in its own isolate, as
 * deployed) and the projector's Queue consumer.
 */
import type { Env } from "../src/platform/cloudflare/env.ts";
import projector from "../workers/projector/index.ts";
import edge from "../workers/query/index.ts";

export { CreateGate } from "../src/platform/cloudflare/create-gate.ts";
export { OrderAggregate } from "../src/platform/cloudflare/order-aggregate.ts";
export { ProductAggregate } from "../src/platform/cloudflare/product-aggregate.ts";
export { StreamRegistry } from "../src/platform/cloudflare/stream-registry.ts";

export default {
  fetch: (request, env, ctx) => edge.fetch(request, env as QueryWorkerEnv, ctx),
  queue: (batch, env) => projector.queue(batch, env),
} satisfies ExportedHandler<Env>;
