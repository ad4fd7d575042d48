/**
 * Product events through the projector's batch (prepareBatch/commitPrepared)
 * over in-memory ports: any permutation, duplication and batching of the
 * deliveries leaves the same rows and hot-path copies as one in-order
 * delivery, each event is counted once in the checkpoints, lost messages are
 * repaired from the product's events, and order events in the same batch
 * are projected as before.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldProduct } from "../../src/domain/product/evolve.ts";
import type { ExistingProduct, RecordedProductEvent } from "../../src/domain/product/types.ts";
import { toProductView } from "../../src/domain/product/view.ts";
import { type ProjectionDeps, projectBatch } from "../../src/read/project-batch.ts";
import { type History, histories } from "../read/fixtures/histories.ts";
import { memorySource } from "../read/fixtures/memory-views.ts";
import { MemoryCatalog, memoryProductSource } from "./fixtures/memory-catalog.ts";
import { type ProductHistory, productHistories, schedules } from "./fixtures/products.ts";

function depsOf(views: MemoryCatalog, hs: ProductHistory[]): ProjectionDeps & { catalog: { source: { reads: number } } } {
  const source = memoryProductSource(hs);
  return {
    store: views,
    publisher: views,
    source: memorySource([]),
    catalog: { store: views, publisher: views.productPublisher, source },
    now: () => 0,
  };
}

async function project(hs: ProductHistory[], batches: RecordedProductEvent[][]) {
  const views = new MemoryCatalog();
  const deps = depsOf(views, hs);
  const highest = new Map<string, number>();
  for (const products of batches) {
    const { failed, failedProducts } = await projectBatch({ gens: [1], events: [], products }, deps);
    expect([...failed, ...failedProducts]).toEqual([]);
    const written = views.productPublishes.at(-1) ?? [];
    expect(new Set(written).size).toBe(written.length); // one KV write per key per batch
    for (const [sku, json] of views.productKv) {
      const version = (JSON.parse(json) as { version: number }).version;
      expect(version).toBeGreaterThanOrEqual(highest.get(sku) ?? 0); // never backwards
      highest.set(sku, version);
    }
  }
  return {
    kv: Object.fromEntries([...views.productKv].sort(([a], [b]) => a.localeCompare(b))),
    rows: Object.fromEntries([...views.products].sort(([a], [b]) => a.localeCompare(b)).map(([k, r]) => [k, JSON.stringify(r)])),
    counted: views.checkpoints.reduce((n, c) => n + c.eventsApplied, 0),
    reads: deps.catalog.source.reads,
  };
}

const inOrder = (hs: ProductHistory[]) =>
  hs
    .flatMap((h) => h.events)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.sku.localeCompare(b.sku) || a.version - b.version)
    .map((e) => [e]);

describe("product events in a projector batch", () => {
  it("give the rows and copies of one in-order delivery for every permutation with duplicates, each event counted once", async () => {
    const arbitrary = productHistories("b").chain((hs) => fc.tuple(fc.constant(hs), schedules(hs.flatMap((h) => h.events))));
    await fc.assert(
      fc.asyncProperty(arbitrary, async ([hs, batches]) => {
        const { reads: referenceReads, ...expected } = await project(hs, inOrder(hs));
        expect(referenceReads).toBe(0); // in order, nothing is ever missing
        const { reads: _, ...actual } = await project(hs, batches);
        expect(actual).toEqual(expected);
        expect(expected.counted).toBe(hs.reduce((n, h) => n + h.events.length, 0));
        for (const h of hs) {
          const view = toProductView(foldProduct(h.events) as ExistingProduct, h.events.length);
          expect(expected.kv[h.sku]).toBe(JSON.stringify(view)); // the write side's own view, byte for byte
        }
      }),
      { numRuns: 300 },
    );
  });

  it("repairs lost messages from the product's events once a later event of it arrives", async () => {
    const lossy = productHistories("l").chain((hs) =>
      fc.tuple(fc.constant(hs), fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }), fc.integer({ min: 1, max: 6 })),
    );
    await fc.assert(
      fc.asyncProperty(lossy, async ([hs, keep, size]) => {
        const survivors = hs.flatMap((h) => h.events.filter((e, i) => e.version === h.events.length || keep[i % keep.length]));
        const batches = Array.from({ length: Math.ceil(survivors.length / size) }, (_, i) => survivors.slice(i * size, (i + 1) * size));
        const { reads: _, counted: __, ...actual } = await project(hs, batches);
        const { reads: ___, counted: ____, ...expected } = await project(hs, inOrder(hs));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("defers a product whose events cannot be read, and leaves the batch's other products and orders alone", async () => {
    const [one, two] = fc.sample(productHistories("f", 2), { numRuns: 50, seed: 7 }).find((hs) => hs.length === 2) as ProductHistory[];
    const views = new MemoryCatalog();
    const deps = depsOf(views, [two as ProductHistory]); // the source does not know `one`
    const gapped = (one as ProductHistory).events.slice(-1).map((e) => ({ ...e, version: e.version + 1 }));
    const { failedProducts } = await projectBatch(
      { gens: [1], events: [], products: [...gapped, ...(two as ProductHistory).events] },
      deps,
    );
    // Each deferred product with why: a short message, no stack.
    expect([...failedProducts]).toEqual([
      [(one as ProductHistory).sku, "Error: the event store does not know a stream whose events were delivered"],
    ]);
    expect([...views.productKv.keys()]).toEqual([(two as ProductHistory).sku]);
  });

  it("retries every product event when no catalog is wired, and still projects the orders", async () => {
    const views = new MemoryCatalog();
    const [h] = fc.sample(productHistories("n", 1), { numRuns: 1, seed: 3 }) as [ProductHistory[]];
    const [orders] = fc.sample(histories("n", 1), { numRuns: 1, seed: 3 }) as [History[]];
    const { failed, failedProducts } = await projectBatch(
      { gens: [1], events: orders.flatMap((o) => o.events), products: h.flatMap((p) => p.events) },
      { store: views, publisher: views, source: memorySource(orders), now: () => 0 },
    );
    expect(failed.size).toBe(0);
    expect([...failedProducts]).toEqual(h.map((p) => [p.sku, "no catalog projection is wired"]));
    expect(views.products.size).toBe(0);
    expect([...views.kv.keys()]).toEqual(orders.map((o) => o.orderId));
  });
});
