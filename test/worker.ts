/** The Worker under integration test: the role Workers' handlers and classes, wired to one set of bindings. */
import { createCommandApp } from "../workers/command/index.ts";
import type { Env } from "../src/platform/cloudflare/env.ts";

export { CreateGate } from "../src/platform/cloudflare/create-gate.ts";
export { OrderAggregate } from "../src/platform/cloudflare/order-aggregate.ts";

const commands = createCommandApp();

export default {
  fetch: (request, env, ctx) => commands.fetch(request, env, ctx),
  async queue(batch) {
    batch.ackAll();
  },
} satisfies ExportedHandler<Env>;
