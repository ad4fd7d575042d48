// The HTTP client the system scenarios share: Node's fetch (undici), whose
// global dispatcher keeps connections alive and opens one per request in
// flight, so `clients` concurrent loops reuse `clients` connections.
import { setTimeout as sleep } from "node:timers/promises";
import { ordersClient } from "../../src/client/index.ts";
import { mintToken } from "./jwt.mjs";

export function api(baseUrl) {
  /** One request, timed from just before fetch() to the last byte of the body. */
  async function request(method, path, { token, body, headers = {}, timeoutMs = 30_000 } = {}) {
    const h = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    let payload;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      h["content-type"] = "application/json";
    }
    const t0 = performance.now();
    let res;
    let text;
    try {
      res = await fetch(baseUrl + path, { method, headers: h, body: payload, signal: AbortSignal.timeout(timeoutMs) });
      text = await res.text();
    } catch (e) {
      // A dropped connection (the server reloading, say) is an answer too: status 0.
      const t1 = performance.now();
      return { status: 0, ok: false, json: null, text: String(e.cause ?? e), ms: t1 - t0, t0, t1 };
    }
    const t1 = performance.now();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {}
    return { status: res.status, ok: res.ok, headers: res.headers, json, text, ms: t1 - t0, t0, t1 };
  }
  return { baseUrl, request };
}

/**
 * The repository's typed client (src/client, generated from the OpenAPI
 * document) for `token`, with each call timed as `request` times its own:
 * `timed(api.POST(...))` answers { status, ok, json, ms, t0, t1 }.
 */
export function typedClient(baseUrl, token) {
  return ordersClient(baseUrl, { token });
}

export async function timed(call) {
  const t0 = performance.now();
  try {
    const { data, error, response } = await call;
    const t1 = performance.now();
    return {
      status: response.status,
      ok: response.ok,
      json: data ?? error ?? null,
      text: error ? JSON.stringify(error) : "",
      ms: t1 - t0,
      t0,
      t1,
    };
  } catch (e) {
    const t1 = performance.now();
    return { status: 0, ok: false, json: null, text: String(e.cause ?? e), ms: t1 - t0, t0, t1 };
  }
}

export const ADDRESS = { name: "Ada Lovelace", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" };
export const ITEMS = [
  { sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 2 },
  { sku: "B-2", name: "Plate", unitPrice: 900, quantity: 1 },
  { sku: "C-3", name: "Bowl", unitPrice: 700, quantity: 3 },
];
export const ITEMS_TOTAL = ITEMS.reduce((s, i) => s + i.unitPrice * i.quantity, 0);

/** Puts ITEMS into the catalog at their prices (API.md v2: the catalog prices every line); an existing product is left as it is. */
export async function seedCatalog(client) {
  for (const { sku, name, unitPrice } of ITEMS) {
    const res = await client.request("POST", "/products", { token: tokens.staff(), body: { sku, name, prices: { EUR: unitPrice } } });
    if (res.status !== 201 && res.status !== 409) throw new HttpError(`seed product ${sku}`, res);
  }
}

export const tokens = {
  customer: (sub) => mintToken(sub, "customer"),
  staff: (sub = "bench-staff") => mintToken(sub, "staff"),
  service: (sub = "bench-payments") => mintToken(sub, "service"),
};

export class HttpError extends Error {
  constructor(what, res) {
    super(`${what}: ${res.status} ${res.text?.slice(0, 300)}`);
    this.status = res.status;
  }
}

/** POST /orders as `token`'s customer; returns the new order id. */
export async function createOrder(client, token) {
  const res = await client.request("POST", "/orders", { token, body: { currency: "EUR" } });
  if (res.status !== 201) throw new HttpError("create order", res);
  return { orderId: res.json.orderId, res };
}

/** Runs `loop(i)` on `n` concurrent clients and waits for all. */
export function clients(n, loop) {
  return Promise.all(Array.from({ length: n }, (_, i) => loop(i)));
}

/** Repeats `fn` until `until()` is true or `ms` passed; resolves true when `until()` held. */
export async function pollUntil(fn, { ms, intervalMs = 0 }) {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (await fn()) return true;
    if (intervalMs > 0) await sleep(intervalMs);
  }
  return false;
}
