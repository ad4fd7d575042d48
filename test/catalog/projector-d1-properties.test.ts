/**
 * The catalog's projection property through the real D1 (drizzle) and KV
 * adapters inside workerd: random deliveries of product events, with
 * duplicates, in any order and batching, leave the D1 rows and the KV copies
 * equal to one in-order delivery, and equal to the write side's own view.
 * Each run writes its own generation and skus, so runs do not see each other.
 */
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import fc from "fast-check";
import { expect, it } from "vitest";
import { foldProduct } from "../../src/domain/product/evolve.ts";
import type { ExistingProduct } from "../../src/domain/product/types.ts";
import { toProductView } from "../../src/domain/product/view.ts";
import { d1ProjectionStore } from "../../src/platform/d1-kv/d1-projection-store.ts";
import { kvProductPublisher } from "../../src/platform/d1-kv/kv-product-views.ts";
import { kvViewPublisher } from "../../src/platform/d1-kv/kv-views.ts";
import { type ProjectionDeps, projectBatch } from "../../src/read/project-batch.ts";
import { productViews } from "../../src/read/schema.ts";
import { memorySource } from "../read/fixtures/memory-views.ts";
import { MemoryCatalog, memoryProductSource } from "./fixtures/memory-catalog.ts";
import { type ProductHistory, productHistories, renamedProducts, schedules } from "./fixtures/products.ts";

const db = drizzle(env.DB);
let run = 0;

async function reference(hs: ProductHistory[]) {
  const views = new MemoryCatalog();
  const deps: ProjectionDeps = {
    store: views,
    publisher: views,
    source: memorySource([]),
    catalog: { store: views, publisher: views.productPublisher, source: memoryProductSource(hs) },
    now: () => 0,
  };
  for (const e of hs.flatMap((h) => h.events)) await projectBatch({ gens: [1], events: [], products: [e] }, deps);
  return views;
}

it("leaves D1 and KV as one in-order delivery would, for random deliveries of product events with duplicates", async () => {
  const arbitrary = productHistories("d", 3).chain((hs) => fc.tuple(fc.constant(hs), schedules(hs.flatMap((h) => h.events))));
  await fc.assert(
    fc.asyncProperty(arbitrary, async ([generated, schedule]) => {
      const gen = 20_000 + ++run;
      const tag = `r${run}-${crypto.randomUUID().slice(0, 8)}`;
      const hs = renamedProducts(generated, tag);
      const batches = schedule.map((events) => renamedProducts([{ sku: "", events }], tag)[0]?.events ?? []);
      const store = d1ProjectionStore(env.DB);
      const deps: ProjectionDeps = {
        store,
        publisher: kvViewPublisher(env.VIEWS),
        source: memorySource([]),
        catalog: { store, publisher: kvProductPublisher(env.VIEWS), source: memoryProductSource(hs) },
        now: Date.now,
      };
      for (const products of batches) expect((await projectBatch({ gens: [gen], events: [], products }, deps)).failedProducts.size).toBe(0);

      const expected = await reference(hs);
      for (const h of hs) {
        const copy = await env.VIEWS.get(`product:${h.sku}`);
        expect(copy).toBe(expected.productKv.get(h.sku));
        expect(copy).toBe(JSON.stringify(toProductView(foldProduct(h.events) as ExistingProduct, h.events.length)));
        const row = await db
          .select()
          .from(productViews)
          .where(and(eq(productViews.gen, gen), eq(productViews.sku, h.sku)))
          .get();
        const want = expected.products.get(`1/${h.sku}`);
        expect(row && { version: row.version, state: JSON.stringify(row.state) }).toEqual(
          want && { version: want.version, state: JSON.stringify(want.state) },
        );
        const view = JSON.parse(copy as string);
        expect(row && { ...view, name: row.name, description: row.description, prices: row.prices, available: row.available }).toEqual(
          view,
        );
      }
    }),
    { numRuns: 25 },
  );
}, 120_000);
