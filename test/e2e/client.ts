/**
 * Black-box clients of the public API: real HTTP (fetch) and real JWTs.
 * `typedClient` is the typed client the repository ships (src/client), for
 * requests the document describes; `client` sends any request as given,
 * malformed ones included.
 */
import { sign } from "hono/jwt";
import { type OrdersClient, ordersClient } from "../../src/client/index.ts";
import { addItemOf, ensureProduct } from "../support/catalog-fixture.ts";
import { type CallOptions, requestInit } from "../support/request-init.ts";

export const SECRET = process.env.JWT_SECRET ?? "local-dev-secret";

export function tokenFor(sub: string, role: "customer" | "staff" | "service", ttlSeconds = 600): Promise<string> {
  return sign({ sub, role, exp: Math.floor(Date.now() / 1000) + ttlSeconds }, SECRET, "HS256");
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * A client of one system. `seedCatalog` (on by default): an AddItem first
 * makes sure the catalog sells the item at the test's price, through the
 * public API as staff would (test/support/catalog-fixture.ts).
 */
export function client(baseUrl: string, { seedCatalog = true } = {}) {
  const known: Parameters<typeof ensureProduct>[3] = new Map();
  const raw = (method: string, path: string, opts: CallOptions) => fetch(`${baseUrl}${path}`, requestInit(method, opts));
  const send = async (method: string, path: string, opts: CallOptions) => {
    const res = await raw(method, path, opts);
    await res.arrayBuffer();
    return res;
  };
  return async function call<T = Record<string, unknown>>(method: string, path: string, opts: CallOptions = {}): Promise<Reply<T>> {
    const item = seedCatalog ? addItemOf(method, path, opts.body) : null;
    if (item) await ensureProduct(send, await tokenFor("catalog-fixture", "staff"), item, known);
    const res = await raw(method, path, opts);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    return { status: res.status, headers: res.headers, body: parsed as T };
  };
}

/** What the catalog fixture put in the catalog of each system (by base URL), shared by its typed clients. */
const seeded = new Map<string, Parameters<typeof ensureProduct>[3]>();

/**
 * The typed client (src/client) of one system, as the caller whose token is
 * given (none: anonymous), one client per token. `seedCatalog` (on by
 * default): an AddItem first makes sure the catalog sells the item at the
 * test's price, as `client` does.
 *
 * @example
 * const as = typedClient(baseUrl);
 * const { data } = await as(await tokenFor("c1", "customer")).POST("/orders", { body: { currency: "EUR" } });
 */
export function typedClient(baseUrl: string, { seedCatalog = true } = {}): (token?: string) => OrdersClient {
  const clients = new Map<string | undefined, OrdersClient>();
  const send = async (method: string, path: string, opts: CallOptions) => {
    const res = await fetch(`${baseUrl}${path}`, requestInit(method, opts));
    await res.arrayBuffer();
    return res;
  };
  return (token) => {
    let api = clients.get(token);
    if (api) return api;
    api = ordersClient(baseUrl, { token });
    if (seedCatalog) {
      const catalog = seeded.get(baseUrl) ?? new Map();
      seeded.set(baseUrl, catalog);
      api.use({
        async onRequest({ request, schemaPath }) {
          if (request.method !== "POST" || schemaPath !== "/orders/{id}/items") return;
          const item = addItemOf("POST", new URL(request.url).pathname, await request.clone().json());
          if (item) await ensureProduct(send, await tokenFor("catalog-fixture", "staff"), item, catalog);
        },
      });
    }
    clients.set(token, api);
    return api;
  };
}

/** A typed answer as `client` answers: its status, headers and body (the data, or the problem). */
export function asReply(answer: { response: Response; data?: unknown; error?: unknown }): Reply<unknown> {
  return { status: answer.response.status, headers: answer.response.headers, body: answer.data ?? answer.error };
}
