/** The command Worker: the write half of API.md, and the home of the OrderAggregate Durable Objects. */
import { createApp } from "../../src/http/app.ts";
import { type CommandEnv, registerCommandRoutes } from "../../src/http/command-routes.ts";
import { jsonBody } from "../../src/http/json-body.ts";
import { publishDocument } from "../../src/http/openapi.ts";
import type { Env } from "../../src/platform/cloudflare/env.ts";
import { durableWriteModel } from "../../src/platform/cloudflare/write-model.ts";

export { CreateGate } from "../../src/platform/cloudflare/create-gate.ts";
export { OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
export { StreamRegistry } from "../../src/platform/cloudflare/stream-registry.ts";

export function createCommandApp() {
  const app = createApp<CommandEnv>();
  app.use(jsonBody);
  app.use(async (c, next) => {
    c.set("writeModel", durableWriteModel(c.env as Env));
    await next();
  });
  registerCommandRoutes(app);
  publishDocument(app, "Orders: commands");
  return app;
}

const app = createCommandApp();
export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
