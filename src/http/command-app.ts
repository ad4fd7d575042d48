/**
 * The write half of API.md as one Hono app: the order and product commands,
 * `/orders/{id}/events` and `/orders/{id}/track`, and their part of the API
 * document. The command Worker serves it (workers/command/index.ts), and so
 * does the Deno process (workers/deno/main.ts); each entry picks the
 * adapters of a request's bindings `B`.
 */
import type { ProductWriteModel } from "../app/ports.ts";
import { createApp } from "./app.ts";
import { type OrderCommandPorts, orderCommands } from "./command-routes.ts";
import { jsonBody } from "./json-body.ts";
import { publishDocument } from "./openapi.ts";
import { productCommands } from "./product-routes.ts";

export interface CommandAppPorts<B> {
  orders(env: B): OrderCommandPorts;
  products(env: B): ProductWriteModel;
}

export function commandApp<B extends object>(ports: CommandAppPorts<B>) {
  const app = createApp<{ Bindings: B }>();
  app.use(jsonBody);
  app.route("/", orderCommands(ports.orders));
  app.route("/", productCommands(ports.products));
  publishDocument(app, "Orders: commands");
  return app;
}
