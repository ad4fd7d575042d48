/**
 * The command Worker: the home of the Durable Objects, which the public
 * origin (workers/query) calls by RPC. It serves the write half of API.md
 * too (./app.ts), for a caller that reaches it
 * directly or over a service binding.
 */
import { durableCommandApp } from "./app.ts";

export { CreateGate } from "../../src/platform/cloudflare/create-gate.ts";
export { OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
export { ProductAggregate } from "../../src/platform/cloudflare/product-aggregate.ts";
export { StreamRegistry } from "../../src/platform/cloudflare/stream-registry.ts";

/** The write side's adapters over this request's bindings (workers/command/worker-configuration.d.ts, generated from its wrangler.toml). */
export const createCommandApp = () => durableCommandApp<CommandWorkerEnv>();

const app = createCommandApp();
export default { fetch: app.fetch } satisfies ExportedHandler<CommandWorkerEnv>;
