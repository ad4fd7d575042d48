/**
 * The catalog's write side through the public origin inside workerd: staff
 * commands on one object per sku (the order's machinery: If-Match,
 * caller-scoped Idempotency-Key, problem+json), nothing left behind by a
 * refusal, the events reaching the read side, and AddItem priced only from
 * the product's write side (API.md v2, Catalog).
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ProductAggregate } from "../../src/platform/cloudflare/product-aggregate.ts";
import { PRODUCT_REGISTRY } from "../../src/platform/cloudflare/product-source.ts";
import { createOrder, json, rawCall, tokenFor } from "../support/api.ts";

const staff = () => tokenFor("ops", "staff");
let n = 0;
const freshSku = (prefix = "P") => `${prefix}-${Date.now().toString(36)}-${++n}`;
const registered = async () => env.STREAMS.get(env.STREAMS.idFromName(PRODUCT_REGISTRY)).list("", 100_000);

async function addProduct(sku: string, prices: Record<string, number> = { EUR: 1250, USD: 1400 }, name = "Mug") {
  const res = await rawCall("POST", "/products", { token: await staff(), body: { sku, name, prices, description: "Stoneware" } });
  expect(res.status).toBe(201);
  return res;
}

async function addItem(orderId: string, token: string, body: Record<string, unknown>) {
  return rawCall("POST", `/orders/${orderId}/items`, { token, body });
}

describe("product commands (staff)", () => {
  it("adds a product: 201, Location, ETag, { sku, version: 1 }; a second add is 409 product_exists", async () => {
    const sku = freshSku();
    const res = await addProduct(sku);
    expect(res.headers.get("Location")).toBe(`/products/${sku}`);
    expect(res.headers.get("ETag")).toBe('"1"');
    expect(await json(res)).toEqual({ sku, version: 1 });
    const again = await rawCall("POST", "/products", { token: await staff(), body: { sku, name: "Other", prices: { EUR: 1 } } });
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ code: "product_exists" });
  });

  it("changes a price, honours If-Match and replays an Idempotency-Key; discontinues; then refuses price changes (409)", async () => {
    const sku = freshSku();
    await addProduct(sku);
    const token = await staff();
    const stale = await rawCall("PUT", `/products/${sku}/prices/EUR`, { token, body: { unitPrice: 990 }, headers: { "If-Match": '"7"' } });
    expect(stale.status).toBe(412);
    const headers = { "If-Match": '"1"', "Idempotency-Key": "price-1" };
    const changed = await rawCall("PUT", `/products/${sku}/prices/EUR`, { token, body: { unitPrice: 990 }, headers });
    expect(changed.status).toBe(200);
    expect(await json(changed)).toEqual({ sku, version: 2 });
    const replay = await rawCall("PUT", `/products/${sku}/prices/EUR`, { token, body: { unitPrice: 990 }, headers });
    expect(await json(replay)).toEqual({ sku, version: 2 });
    expect((await rawCall("POST", `/products/${sku}/discontinue`, { token })).status).toBe(200);
    const late = await rawCall("PUT", `/products/${sku}/prices/GBP`, { token, body: { unitPrice: 1 } });
    expect(late.status).toBe(409);
    expect(await runInDurableObject(env.PRODUCTS.get(env.PRODUCTS.idFromName(sku)), (o: ProductAggregate) => o.view())).toMatchObject({
      prices: { EUR: 990, USD: 1400 },
      available: false,
      version: 3,
    });
  });

  it("validates with problem+json: a bad sku, no prices, 21 currencies, a negative price", async () => {
    const token = await staff();
    const twentyOne = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`C${String.fromCharCode(65 + i)}X`, 1]));
    for (const body of [
      { sku: "has space", name: "x", prices: { EUR: 1 } },
      { sku: freshSku(), name: "x", prices: {} },
      { sku: freshSku(), name: "x", prices: twentyOne },
      { sku: freshSku(), name: "x", prices: { EUR: -1 } },
      { sku: freshSku(), name: "x", prices: { eur: 1 } },
    ]) {
      const res = await rawCall("POST", "/products", { token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    }
  });

  it("leaves nothing behind when refused: a customer's add (403), a price for an unknown sku (404), a stale If-Match on a new sku (412)", async () => {
    const before = await registered();
    const customer = await tokenFor("c-cat", "customer");
    const sku = freshSku();
    const forbidden = await rawCall("POST", "/products", { token: customer, body: { sku, name: "x", prices: { EUR: 1 } } });
    expect(forbidden.status).toBe(403);
    expect((await rawCall("PUT", `/products/${sku}/prices/EUR`, { token: await staff(), body: { unitPrice: 5 } })).status).toBe(404);
    expect((await rawCall("POST", `/products/${sku}/discontinue`, { token: customer })).status).toBe(403);
    const stale = await rawCall("POST", "/products", {
      token: await staff(),
      body: { sku, name: "x", prices: { EUR: 1 } },
      headers: { "If-Match": '"3"' },
    });
    expect(stale.status).toBe(412);
    expect(await registered()).toEqual(before);
    await runInDurableObject(env.PRODUCTS.get(env.PRODUCTS.idFromName(sku)), async (_: ProductAggregate, state) => {
      expect(state.storage.sql.exec("SELECT name FROM sqlite_master").toArray()).toEqual([]);
    });
  });

  it("carries its events to the read side: GET /products/{sku} shows the write side's version", async () => {
    const sku = freshSku();
    await addProduct(sku);
    await rawCall("PUT", `/products/${sku}/prices/EUR`, { token: await staff(), body: { unitPrice: 1100 } });
    await expect
      .poll(
        async () => {
          const res = await rawCall("GET", `/products/${sku}`, { headers: { "Cache-Control": "no-cache" } });
          return res.status === 200 ? ((await res.json()) as { version: number; prices: Record<string, number> }) : null;
        },
        { timeout: 5_000 },
      )
      .toMatchObject({ version: 2, prices: { EUR: 1100, USD: 1400 } });
  });
});

describe("AddItem is priced by the catalog's write side", () => {
  it("takes the price and name from the product, whatever name the body sends, and accepts a v1 body with the catalog's price", async () => {
    const sku = freshSku("M");
    await addProduct(sku, { EUR: 1250 }, "Mug");
    const owner = await tokenFor("c-priced", "customer");
    const id = await createOrder(owner);
    expect((await addItem(id, owner, { sku, quantity: 2, name: "Free mug" })).status).toBe(200);
    expect((await addItem(id, owner, { sku, quantity: 1, unitPrice: 1250, name: "Mug" })).status).toBe(200);
    const view = await runInDurableObject(env.ORDERS.get(env.ORDERS.idFromName(id)), (o: { view(): unknown }) => o.view());
    expect(view).toMatchObject({ items: [{ sku, name: "Mug", unitPrice: 1250, quantity: 3, lineTotal: 3750 }], total: 3750 });
  });

  it("answers 422 price_changed with currentPrice, unknown_product, product_unavailable, currency_unavailable, appending nothing", async () => {
    const owner = await tokenFor("c-priced-2", "customer");
    const id = await createOrder(owner);
    const sku = freshSku("M");
    await addProduct(sku, { EUR: 1250 });
    const cheap = await addItem(id, owner, { sku, quantity: 1, unitPrice: 1 });
    expect(cheap.status).toBe(422);
    expect(await json(cheap)).toMatchObject({ code: "price_changed", currentPrice: 1250 });
    expect(await json(await addItem(id, owner, { sku: freshSku("NOPE"), quantity: 1 }))).toMatchObject({ code: "unknown_product" });
    const usdOnly = freshSku("U");
    await addProduct(usdOnly, { USD: 500 });
    expect(await json(await addItem(id, owner, { sku: usdOnly, quantity: 1 }))).toMatchObject({ code: "currency_unavailable" });
    const gone = freshSku("G");
    await addProduct(gone);
    await rawCall("POST", `/products/${gone}/discontinue`, { token: await staff() });
    expect(await json(await addItem(id, owner, { sku: gone, quantity: 1 }))).toMatchObject({ code: "product_unavailable" });
    const events = await json<{ events: unknown[] }>(await rawCall("GET", `/orders/${id}/events`, { token: owner }));
    expect(events.events).toHaveLength(1);
  });

  it("keeps a line's price when the catalog's changes, and refuses to add to that line at the new price", async () => {
    const owner = await tokenFor("c-priced-3", "customer");
    const id = await createOrder(owner);
    const sku = freshSku("M");
    await addProduct(sku, { EUR: 1000 });
    expect((await addItem(id, owner, { sku, quantity: 1 })).status).toBe(200);
    await rawCall("PUT", `/products/${sku}/prices/EUR`, { token: await staff(), body: { unitPrice: 1500 } });
    const more = await addItem(id, owner, { sku, quantity: 1 });
    expect(more.status).toBe(422);
    expect(await json(more)).toMatchObject({ code: "price_changed", currentPrice: 1500 });
    const view = await runInDurableObject(env.ORDERS.get(env.ORDERS.idFromName(id)), (o: { view(): unknown }) => o.view());
    expect(view).toMatchObject({ items: [{ sku, unitPrice: 1000, quantity: 1 }], total: 1000 });
  });

  it("makes every order's total the catalog's prices at the time each line was added, under interleaved price changes", async () => {
    const sku = freshSku("H");
    await addProduct(sku, { EUR: 100 });
    const token = await staff();
    const orders = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const owner = await tokenFor(`c-hot-${i}`, "customer");
        return { owner, id: await createOrder(owner) };
      }),
    );
    const prices: number[] = [100];
    await Promise.all([
      ...orders.map(({ owner, id }) => addItem(id, owner, { sku, quantity: 1 })),
      (async () => {
        for (const p of [200, 300, 400]) {
          await rawCall("PUT", `/products/${sku}/prices/EUR`, { token, body: { unitPrice: p } });
          prices.push(p);
        }
      })(),
    ]);
    for (const { id } of orders) {
      const view = (await runInDurableObject(env.ORDERS.get(env.ORDERS.idFromName(id)), (o: { view(): unknown }) => o.view())) as {
        items: { unitPrice: number }[];
        total: number;
      };
      expect(view.items).toHaveLength(1);
      expect(prices).toContain(view.items[0]?.unitPrice);
      expect(view.total).toBe(view.items[0]?.unitPrice);
    }
  });
});
