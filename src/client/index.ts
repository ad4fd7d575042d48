/**
 * A typed client of the public API: openapi-fetch over the types that
 * openapi-typescript generates from the OpenAPI document (api.d.ts,
 * `npm run build:api`; a test fails when they fall behind the document).
 * Paths, parameters, bodies and answers are checked by the compiler, and
 * each answer is `{ data }` on success or `{ error }` (a problem) otherwise,
 * with the `response` itself for its status and headers.
 *
 * @example
 * const api = ordersClient("http://127.0.0.1:8787", { token }); // the public origin, here `npm start`'s
 * const { data, error, response } = await api.POST("/orders", { body: { currency: "EUR" } });
 * if (data) await api.POST("/orders/{id}/place", { params: { path: { id: data.orderId } } });
 */
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { components, operations, paths } from "./api.d.ts";

export type { components, operations, paths };
export type OrdersClient = Client<paths>;

type Schemas = components["schemas"];
export type Order = Schemas["Order"];
export type OrderPage = Schemas["OrderPage"];
export type OrderEvent = Schemas["OrderEvent"];
export type EventsPage = Schemas["EventsPage"];
export type CommandResult = Schemas["CommandResult"];
export type Product = Schemas["Product"];
export type ProductPage = Schemas["ProductPage"];
export type Problem = Schemas["Problem"];

export interface OrdersClientOptions extends Omit<ClientOptions, "baseUrl"> {
  /** The bearer token every request carries (a function is asked before each request, e.g. to renew it); none for the public catalog. */
  token?: string | (() => string | Promise<string>);
}

/** A client of the API at `baseUrl` (the public origin), authenticated with `token` when given. */
export function ordersClient(baseUrl: string, { token, ...options }: OrdersClientOptions = {}): OrdersClient {
  const client = createClient<paths>({ baseUrl, ...options });
  if (token !== undefined)
    client.use({
      async onRequest({ request }) {
        request.headers.set("Authorization", `Bearer ${typeof token === "function" ? await token() : token}`);
        return request;
      },
    });
  return client;
}
