/**
 * API.md v2's Catalog section, black-box against `npm start`: the demo
 * catalog seeded with `npm run seed`, public browsing at the edge (no token,
 * ETag, 304, public caching for at most 60 s), staff-only commands, and
 * orders priced only by the catalog's write side.
 */
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { client, tokenFor } from "./client.ts";

const baseUrl = inject("baseUrl");
const call = client(baseUrl, { seedCatalog: false });
const ADDRESS = { name: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };
type Product = { sku: string; name: string; description: string; prices: Record<string, number>; available: boolean; version: number };

/** The view of `sku` once the read side shows at least `version`. */
async function productAt(sku: string, version: number): Promise<Product> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    // A fresh answer, not the edge cache's (public answers may be up to 60 s old).
    const res = await call<Product>("GET", `/products/${sku}`, { headers: { "Cache-Control": "no-cache" } });
    if (res.status === 200 && res.body.version >= version) return res.body;
    if (Date.now() > deadline) throw new Error(`${sku} never reached version ${version}: ${res.status} ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(() => {
  // The README's step: `npm run seed` against the running system.
  const seeded = spawnSync(process.execPath, ["scripts/seed-catalog.mjs"], { env: { ...process.env, API: baseUrl }, encoding: "utf8" });
  expect(seeded.status, seeded.stdout + seeded.stderr).toBe(0);
});

describe("browsing the catalog (no token)", () => {
  it("lists products sorted by sku, paged with an opaque cursor, each with its prices and availability", async () => {
    // Each product's view is projected on its own: one seen says nothing of the others (Deno's queue delivers them in any order).
    for (const sku of ["BOWL-1", "MUG-1", "PLATE-1", "POT-1", "TEA-1"]) await productAt(sku, 1);
    // Other suites share this system and add their own products: walk every page.
    const seen: Product[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: { items: Product[]; nextCursor: string | null } } = await call(
        "GET",
        `/products?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 1000);
    const skus = seen.map((p) => p.sku);
    expect(skus).toEqual([...skus].sort());
    expect(new Set(skus).size).toBe(skus.length);
    expect(skus.filter((s) => ["BOWL-1", "MUG-1", "PLATE-1", "POT-1", "TEA-1"].includes(s))).toEqual([
      "BOWL-1",
      "MUG-1",
      "PLATE-1",
      "POT-1",
      "TEA-1",
    ]);
    expect(seen.find((p) => p.sku === "MUG-1")).toMatchObject({
      name: "Stoneware mug",
      prices: { EUR: 1250, USD: 1400, GBP: 1100 },
      available: true,
    });
  });

  it("serves one product with an ETag, 304 on If-None-Match, public caching for at most 60 s, 404 when unknown", async () => {
    const res = await call<Product>("GET", "/products/MUG-1");
    expect(res.status).toBe(200);
    const etag = res.headers.get("etag");
    expect(etag).toBeTruthy();
    const cache = res.headers.get("cache-control") ?? "";
    expect(cache).toMatch(/public/);
    expect(Number(/max-age=(\d+)/.exec(cache)?.[1])).toBeLessThanOrEqual(60);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await call("GET", "/products/MUG-1", { headers: { "If-None-Match": etag as string } })).status).toBe(304);
    const missing = await call("GET", "/products/NO-SUCH-SKU");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("managing the catalog (staff only)", () => {
  it("refuses customers and anonymous callers, and takes staff's price changes and discontinuations", async () => {
    const customer = await tokenFor("e2e-cat-c", "customer");
    const body = { sku: "E2E-CAT-1", name: "Jug", prices: { EUR: 2000 } };
    expect((await call("POST", "/products", { body })).status).toBe(401);
    expect((await call("POST", "/products", { token: customer, body })).status).toBe(403);
    const staff = await tokenFor("e2e-ops", "staff");
    const added = await call("POST", "/products", { token: staff, body });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ sku: "E2E-CAT-1", version: 1 });
    expect((await call("POST", "/products", { token: staff, body })).body).toMatchObject({ code: "product_exists" });
    const changed = await call("PUT", "/products/E2E-CAT-1/prices/EUR", {
      token: staff,
      body: { unitPrice: 2100 },
      headers: { "If-Match": '"1"' },
    });
    expect(changed.body).toEqual({ sku: "E2E-CAT-1", version: 2 });
    expect((await call("POST", "/products/E2E-CAT-1/discontinue", { token: staff })).body).toEqual({ sku: "E2E-CAT-1", version: 3 });
    expect(await productAt("E2E-CAT-1", 3)).toMatchObject({ prices: { EUR: 2100 }, available: false });
  });
});

describe("orders priced by the catalog", () => {
  it("prices lines from the catalog, refuses a client's other price, and confirms a payment of the catalog's total", async () => {
    const customer = await tokenFor("e2e-cat-buyer", "customer");
    const created = await call<{ orderId: string }>("POST", "/orders", { token: customer, body: { currency: "EUR" } });
    const id = created.body.orderId;
    const cheap = await call("POST", `/orders/${id}/items`, { token: customer, body: { sku: "MUG-1", quantity: 2, unitPrice: 1 } });
    expect(cheap.status).toBe(422);
    expect(cheap.body).toMatchObject({ code: "price_changed", currentPrice: 1250 });
    expect((await call("POST", `/orders/${id}/items`, { token: customer, body: { sku: "MUG-1", quantity: 2, name: "Free" } })).status).toBe(
      200,
    );
    expect(
      (await call("POST", `/orders/${id}/items`, { token: customer, body: { sku: "BOWL-1", quantity: 1, unitPrice: 700 } })).status,
    ).toBe(200);
    expect((await call("POST", `/orders/${id}/items`, { token: customer, body: { sku: "NOPE-9", quantity: 1 } })).body).toMatchObject({
      code: "unknown_product",
    });
    await call("PUT", `/orders/${id}/shipping-address`, { token: customer, body: ADDRESS });
    await call("POST", `/orders/${id}/place`, { token: customer });
    const view = await call<{ total: number; items: { sku: string; name: string; unitPrice: number }[] }>(
      "GET",
      `/orders/${id}?minVersion=5`,
      {
        token: customer,
      },
    );
    expect(view.body.items).toEqual([
      expect.objectContaining({ sku: "MUG-1", name: "Stoneware mug", unitPrice: 1250 }),
      expect.objectContaining({ sku: "BOWL-1", name: "Cereal bowl", unitPrice: 700 }),
    ]);
    expect(view.body.total).toBe(3200);
    const service = await tokenFor("psp", "service");
    expect((await call("POST", `/orders/${id}/payments`, { token: service, body: { paymentId: "p-cat", amount: 1 } })).body).toMatchObject({
      code: "amount_mismatch",
    });
    expect((await call("POST", `/orders/${id}/payments`, { token: service, body: { paymentId: "p-cat", amount: 3200 } })).status).toBe(200);
  });
});
