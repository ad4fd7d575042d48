/** A black-box client of the public API: real HTTP (fetch) and real JWTs. */
import { sign } from "hono/jwt";
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
