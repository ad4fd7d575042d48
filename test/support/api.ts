/** Test helpers: mint JWTs and call the Worker under test as a client would. */
import { exports } from "cloudflare:workers";
import { sign } from "hono/jwt";
import { addItemOf, ensureProduct } from "./catalog-fixture.ts";
import { type CallOptions, requestInit } from "./request-init.ts";

export const TEST_SECRET = "test-secret";

export async function tokenFor(sub: string, role: "customer" | "staff" | "service", extra: Record<string, unknown> = {}): Promise<string> {
  return sign({ sub, role, exp: Math.floor(Date.now() / 1000) + 600, ...extra }, TEST_SECRET, "HS256");
}

export type { CallOptions };

/** A request to the Worker under test, exactly as given. */
export async function rawCall(method: string, path: string, opts: CallOptions = {}): Promise<Response> {
  return exports.default.fetch(`http://orders.test${path}`, requestInit(method, opts));
}

/** Products this isolate put in the catalog, and at what price (storage is shared by a test file's tests). */
const catalog: Parameters<typeof ensureProduct>[3] = new Map();

/** A request as a client sends it; an AddItem first makes sure the catalog sells the item (catalog-fixture.ts). */
export async function call(method: string, path: string, opts: CallOptions = {}): Promise<Response> {
  const item = addItemOf(method, path, opts.body);
  if (item) await ensureProduct(rawCall, await tokenFor("catalog-fixture", "staff"), item, catalog);
  return rawCall(method, path, opts);
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export const ADDRESS = { name: "Ada Lovelace", line1: "1 Analytical St", city: "Berlin", postalCode: "10115", country: "DE" };

/** Creates an order for `customer` and returns its id. */
export async function createOrder(customerToken: string, currency = "EUR"): Promise<string> {
  const res = await call("POST", "/orders", { token: customerToken, body: { currency } });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { orderId: string }).orderId;
}

/** Creates an order with one item and an address, placed. */
export async function placedOrder(customerToken: string, unitPrice = 1250, quantity = 2): Promise<string> {
  const id = await createOrder(customerToken);
  await call("POST", `/orders/${id}/items`, { token: customerToken, body: { sku: "A-1", name: "Mug", unitPrice, quantity } });
  await call("PUT", `/orders/${id}/shipping-address`, { token: customerToken, body: ADDRESS });
  const res = await call("POST", `/orders/${id}/place`, { token: customerToken });
  if (res.status !== 200) throw new Error(`place failed: ${res.status} ${await res.text()}`);
  return id;
}
