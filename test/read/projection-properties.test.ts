/**
 * The projection's promise, for every input: any permutation of the
 * deliveries, with any duplicates, in any batching, gives byte-identical
 * views and stats to one in-order delivery; a view never goes backwards; and
 * a lost message is repaired from the event store as soon as a later event of
 * its order arrives. Run over the pure core with in-memory stores.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fold } from "../../src/domain/order/evolve.ts";
import type { ExistingOrder, RecordedEvent } from "../../src/domain/order/types.ts";
import { toView } from "../../src/domain/order/view.ts";
import { projectBatch } from "../../src/read/project-batch.ts";
import { deliveries, type History, histories, inOrder } from "./fixtures/histories.ts";
import { MemoryViews, memorySource } from "./fixtures/memory-views.ts";

async function project(hs: History[], batches: RecordedEvent[][]) {
  const views = new MemoryViews();
  const source = memorySource(hs);
  const highest = new Map<string, number>();
  for (const events of batches) {
    const { failed } = await projectBatch({ gens: [1], events }, { store: views, publisher: views, source, now: () => 0 });
    expect(failed.size).toBe(0);
    const written = views.publishes.at(-1) ?? [];
    expect(new Set(written).size).toBe(written.length); // one KV write per key per batch
    for (const [id, json] of views.kv) {
      const version = (JSON.parse(json) as { version: number }).version;
      expect(version).toBeGreaterThanOrEqual(highest.get(id) ?? 0); // never backwards
      highest.set(id, version);
    }
  }
  return {
    kv: Object.fromEntries([...views.kv].sort(([a], [b]) => a.localeCompare(b))),
    rows: Object.fromEntries([...views.rows].sort(([a], [b]) => a.localeCompare(b)).map(([k, r]) => [k, JSON.stringify(r)])),
    stats: views.dailyStats(1),
    reads: source.reads,
  };
}

const withDeliveries = histories("p").chain((hs) => fc.tuple(fc.constant(hs), deliveries(hs.flatMap((h) => h.events))));

describe("projection properties", () => {
  it("gives the views and stats of one in-order delivery for every permutation with duplicates", async () => {
    await fc.assert(
      fc.asyncProperty(withDeliveries, async ([hs, batches]) => {
        const reference = await project(hs, inOrder(hs));
        const { reads, ...actual } = await project(hs, batches);
        const { reads: referenceReads, ...expected } = reference;
        expect(referenceReads).toBe(0); // in order, nothing is ever missing
        expect(actual).toEqual(expected);
        for (const h of hs) {
          const view = toView(fold(h.events) as ExistingOrder, h.events.length);
          expect(expected.kv[h.orderId]).toBe(JSON.stringify(view)); // the write side's own view, byte for byte
        }
      }),
      { numRuns: 300 },
    );
  });

  it("repairs lost messages from the event store once a later event of the order arrives", async () => {
    const lossy = histories("l").chain((hs) =>
      fc.tuple(fc.constant(hs), fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }), fc.integer({ min: 1, max: 8 })),
    );
    await fc.assert(
      fc.asyncProperty(lossy, async ([hs, keep, size]) => {
        // Each order's last event always arrives; any of the others may be lost.
        const survivors = hs.flatMap((h) => h.events.filter((e, i) => e.version === h.events.length || keep[i % keep.length]));
        const batches = Array.from({ length: Math.ceil(survivors.length / size) }, (_, i) => survivors.slice(i * size, (i + 1) * size));
        const { reads: _, ...actual } = await project(hs, batches);
        const { reads: __, ...expected } = await project(hs, inOrder(hs));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
