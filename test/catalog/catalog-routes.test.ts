/**
 * GET /products and GET /products/{sku} as an anonymous client sees them,
 * after the projector has run on hand-made product messages: no token, the
 * view of API.md v2, ETag and 304, public caching for at most 60 s without
 * `Vary: Authorization`, the D1 twin behind KV, paging in sku order with
 * signed cursors, problems for what is unknown or invalid, the per-client
 * rate limit, and the routes in the OpenAPI document.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ProductView } from "../../src/domain/product/view.ts";
import { encodeCursor } from "../../src/http/cursor.ts";
import { createQueryApp } from "../../workers/query/index.ts";
import { deliver } from "../read/helpers.ts";
import { call, json, TEST_SECRET, tokenFor } from "../support/api.ts";
import { discontinue, messagesOf, price } from "./fixtures/products.ts";
import { freshSku } from "./helpers.ts";

interface Page {
  items: ProductView[];
  nextCursor: string | null;
}

/** Public, and cacheable for at most 60 s (API.md v2, Catalog). */
function expectPublicCaching(res: Response) {
  const cacheControl = res.headers.get("Cache-Control") ?? "";
  expect(cacheControl).toMatch(/(^|,\s*)public(,|$)/);
  expect(Number(/max-age=(\d+)/.exec(cacheControl)?.[1])).toBeGreaterThan(0);
  expect(Number(/max-age=(\d+)/.exec(cacheControl)?.[1])).toBeLessThanOrEqual(60);
  expect(cacheControl).not.toMatch(/s-maxage=(\d{3,}|[6-9]\d)/);
  expect(res.headers.get("Vary") ?? "").not.toMatch(/authorization/i);
}

async function products(prefix: string, n: number): Promise<string[]> {
  const skus = Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(2, "0")}`);
  await deliver([...skus].reverse().flatMap((sku) => messagesOf(sku, [])));
  return skus;
}

describe("GET /products/{sku}", () => {
  it("answers the projected view to anyone, with its version as ETag, public caching, and 304 on If-None-Match", async () => {
    const sku = freshSku("MUG");
    const messages = messagesOf(sku, [price("USD", 1400)]);
    await deliver(messages);
    const res = await call("GET", `/products/${sku}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(res.headers.get("ETag")).toBe('"2"');
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expectPublicCaching(res);
    expect(await json(res)).toEqual({
      sku,
      name: `Product ${sku}`,
      description: `About ${sku}`,
      prices: { EUR: 1250, USD: 1400 },
      available: true,
      version: 2,
    });

    const again = await call("GET", `/products/${sku}`, { headers: { "If-None-Match": '"2"' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("ETag")).toBe('"2"');
    expectPublicCaching(again);

    await deliver([...messagesOf(sku, [price("USD", 1400), discontinue])].slice(2));
    // The edge's cache keeps the public answer (at most 60 s); a caller asking for a fresh one gets the change at once.
    expect((await call("GET", `/products/${sku}`, { headers: { "If-None-Match": '"2"' } })).status).toBe(304);
    const changed = await call("GET", `/products/${sku}`, { headers: { "If-None-Match": '"2"', "Cache-Control": "no-cache" } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).toBe('"3"');
    expect(await json(changed)).toMatchObject({ available: false, version: 3 });
  });

  it("needs no token and ignores one, even an invalid one", async () => {
    const sku = freshSku("ANY");
    await deliver(messagesOf(sku, []));
    const customer = await tokenFor("c-1", "customer");
    for (const headers of [{ Authorization: `Bearer ${customer}` }, { Authorization: "Bearer not-a-token" }]) {
      const res = await call("GET", `/products/${sku}`, { headers });
      expect(res.status).toBe(200);
      expectPublicCaching(res);
    }
  });

  it("answers from the D1 twin when the KV copy is missing, with the same bytes", async () => {
    const sku = freshSku("TWIN");
    await deliver(messagesOf(sku, [price("SEK", 9900)]));
    const hot = await (await call("GET", `/products/${sku}`)).text();
    await env.VIEWS.delete(`product:${sku}`);
    const res = await call("GET", `/products/${sku}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(hot);
    expect(res.headers.get("ETag")).toBe('"2"');
  });

  it("answers 404 problem+json for an unknown sku and 400 for one that cannot be a sku, neither cached", async () => {
    const missing = await call("GET", `/products/${freshSku("NOPE")}`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("Content-Type")).toBe("application/problem+json");
    expect(await json(missing)).toMatchObject({ status: 404, code: "not_found", title: "Not Found" });
    expect(missing.headers.get("Cache-Control")).toBe("no-store");
    const invalid = await call("GET", `/products/${"x".repeat(65)}`);
    expect(invalid.status).toBe(400);
    expect(await json(invalid)).toMatchObject({ code: "validation_failed", errors: [{ path: "sku" }] });
  });
});

describe("GET /products", () => {
  it("pages through the catalog in sku order with opaque cursors, to anyone", async () => {
    const prefix = freshSku("PAGE");
    const mine = await products(prefix, 5);
    const seen: ProductView[] = [];
    let pages = 0;
    for (let cursor: string | null = null; ; pages++) {
      const res = await call("GET", `/products?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.status).toBe(200);
      expectPublicCaching(res);
      expect(res.headers.get("ETag")).toMatch(/^"[^"]+"$/);
      const page = await json<Page>(res);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    const skus = seen.map((p) => p.sku);
    expect(skus).toEqual([...skus].sort()); // sorted by sku, across pages, no repeats
    expect(new Set(skus).size).toBe(skus.length);
    expect(skus.filter((s) => s.startsWith(prefix))).toEqual(mine);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(seen.find((p) => p.sku === mine[0])).toEqual({
      sku: mine[0],
      name: `Product ${mine[0]}`,
      description: `About ${mine[0]}`,
      prices: { EUR: 1250 },
      available: true,
      version: 1,
    });
  });

  it("takes 20 by default and 1-100 on request; a blank limit or cursor means none given", async () => {
    await products(freshSku("MANY"), 21);
    expect((await json<Page>(await call("GET", "/products"))).items).toHaveLength(20);
    expect((await json<Page>(await call("GET", "/products?limit=&cursor="))).items).toHaveLength(20);
    expect((await json<Page>(await call("GET", "/products?limit=100"))).items.length).toBeGreaterThanOrEqual(21);
    for (const limit of ["0", "101", "two"]) expect((await call("GET", `/products?limit=${limit}`)).status).toBe(400);
  });

  it("answers 304 to a matching If-None-Match, and a new ETag once the page changes", async () => {
    const prefix = freshSku("ETAG");
    await products(prefix, 1);
    const first = await call("GET", "/products?limit=100");
    const tag = first.headers.get("ETag") as string;
    const again = await call("GET", "/products?limit=100", { headers: { "If-None-Match": tag } });
    expect(again.status).toBe(304);
    expectPublicCaching(again);
    await deliver(messagesOf(`${prefix}-00`, [price("EUR", 1)]).slice(1));
    const changed = await call("GET", "/products?limit=100", { headers: { "If-None-Match": tag, "Cache-Control": "no-cache" } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).not.toBe(tag);
  });

  it("refuses a tampered cursor, and one from an order listing, with 400 validation_failed", async () => {
    await products(freshSku("CUR"), 3);
    const { nextCursor } = await json<Page>(await call("GET", "/products?limit=1"));
    expect(nextCursor).toEqual(expect.any(String));
    const cursor = nextCursor as string;
    // One character of the middle changed to another: always a different cursor.
    const mid = Math.floor(cursor.length / 2);
    const tampered = `${cursor.slice(0, mid)}${cursor[mid] === "A" ? "B" : "A"}${cursor.slice(mid + 1)}`;
    // Signed with the right key, but for the staff's order listing.
    const ofOrders = await encodeCursor(TEST_SECRET, "orders:", { createdAt: "2026-12-01T09:00:00.000Z", orderId: "CUR" });
    for (const bad of [tampered, "not-a-cursor", ofOrders]) {
      const res = await call("GET", `/products?cursor=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(res.headers.get("Content-Type")).toBe("application/problem+json");
      expect(await json(res)).toMatchObject({ code: "validation_failed", errors: [{ path: "cursor" }] });
    }
  });
});

describe("the catalog's edge", () => {
  it("rate limits anonymous reads per client IP, with 429 and Retry-After", async () => {
    const keys: string[] = [];
    const limiter = {
      limit: async ({ key }: { key: string }) => {
        keys.push(key);
        return { success: false };
      },
    } as RateLimit;
    const res = await createQueryApp().fetch(
      new Request("http://orders.test/products", { headers: { "CF-Connecting-IP": "203.0.113.9" } }),
      { ...env, RATE_LIMITER: limiter, COMMAND: {} as Fetcher },
      createExecutionContext(),
    );
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("60");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(keys).toEqual(["ip:203.0.113.9"]);
  });

  it("declares both reads in the OpenAPI document, tagged catalog, with no security", async () => {
    const doc = await json<{
      paths: Record<string, Record<string, { tags?: string[]; security?: unknown[]; parameters?: { name: string }[] }>>;
      components: { schemas: Record<string, unknown> };
    }>(await call("GET", "/openapi.json"));
    for (const path of ["/products", "/products/{sku}"]) {
      const op = doc.paths[path]?.get;
      expect(op?.tags, path).toEqual(["catalog"]);
      expect(op?.security ?? []).toEqual([]);
    }
    expect(doc.paths["/products"]?.get?.parameters?.map((p) => p.name).sort()).toEqual(["cursor", "limit"]);
    expect(doc.components.schemas).toHaveProperty("Product");
    expect(doc.components.schemas).toHaveProperty("ProductPage");
  });
});
