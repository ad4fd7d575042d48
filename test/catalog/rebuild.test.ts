/**
 * A rebuild covers the catalog: after the last order shard, the same cursor
 * walks the product registry (shard = the order shards' count, `after` the
 * last sku) and rebuilds every product from its own events; duplicated and
 * retried steps stay harmless there, a failing product source stalls the
 * rebuild visibly, skus never added are skipped, and only then does the new
 * generation become the one queries read. In memory first, then over the real
 * D1 and KV with the product write side played in memory.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { toProductMessage } from "../../src/domain/product/event-message.ts";
import type { ProductView } from "../../src/domain/product/view.ts";
import { d1ProjectionAdmin } from "../../src/platform/d1-kv/d1-projection-admin.ts";
import { type ControlDeps, REBUILD_CHUNK, rebuildStep } from "../../src/read/projection-steps.ts";
import type { ControlMessage, RebuildStep } from "../../src/read/projector-message.ts";
import { memorySource } from "../read/fixtures/memory-views.ts";
import { deliver } from "../read/helpers.ts";
import { call, json } from "../support/api.ts";
import { heldQueue } from "../support/held-queue.ts";
import { MemoryCatalog, memoryProductRegistry, memoryProductSource } from "./fixtures/memory-catalog.ts";
import { add, discontinue, type ProductHistory, price, productHistory } from "./fixtures/products.ts";
import { catalogDeps, consume, freshSku } from "./helpers.ts";

const historyOf = (sku: string) => productHistory(sku, [add(sku), price("USD", 700), discontinue]);

function setup(hs: ProductHistory[], registered = hs.map((h) => h.sku)) {
  const views = new MemoryCatalog();
  views.current = { activeGen: 1, building: { gen: 2, cursor: { shard: 0, after: "" } } };
  const sent: ControlMessage[] = [];
  const deps: ControlDeps = {
    store: views,
    publisher: views,
    source: memorySource([]),
    now: () => 0,
    registry: { shards: 2, list: async () => [] },
    catalog: {
      store: views,
      publisher: views.productPublisher,
      source: memoryProductSource(hs),
      registry: memoryProductRegistry(registered),
    },
    control: { send: async (m) => void sent.push(m) },
    health: views,
  };
  return { views, sent, deps };
}

async function drain(deps: ControlDeps, sent: ControlMessage[]): Promise<{ steps: RebuildStep[]; last: ControlMessage | undefined }> {
  const steps: RebuildStep[] = [];
  let m = sent.shift();
  for (; m?.kind === "rebuild"; m = sent.shift()) {
    steps.push(m);
    await rebuildStep(m, 1, deps);
  }
  return { steps, last: m };
}

describe("rebuild steps, for the catalog", () => {
  it("walks the product registry after the last order shard, in chunks, skipping skus never added, then switches", async () => {
    const skus = Array.from({ length: REBUILD_CHUNK + 3 }, (_, i) => `P-${String(i).padStart(3, "0")}`);
    const { views, sent, deps } = setup(skus.map(historyOf), [...skus, "never-added"]);
    sent.push({ kind: "rebuild", gen: 2, shard: 0, after: "" });
    const { steps, last } = await drain(deps, sent);
    expect(steps.map((s) => [s.shard, s.after])).toEqual([
      [0, ""],
      [1, ""],
      [2, ""],
      [2, skus[REBUILD_CHUNK - 1]],
    ]);
    expect(last).toEqual({ kind: "purge", gen: 1 });
    expect(views.current).toEqual({ activeGen: 2, building: null });
    expect([...views.products.keys()].sort()).toEqual(skus.map((s) => `2/${s}`));
    expect(JSON.parse(views.productKv.get(skus[0] as string) as string)).toMatchObject({ available: false, version: 3 });
  });

  it("drops a duplicate product step, and a retried one whose successor was lost re-sends it", async () => {
    const { views, sent, deps } = setup(["A", "B"].map(historyOf));
    views.current = { activeGen: 1, building: { gen: 2, cursor: { shard: 2, after: "" } } };
    const step: RebuildStep = { kind: "rebuild", gen: 2, shard: 2, after: "" };
    await rebuildStep(step, 1, deps);
    expect(sent).toEqual([{ kind: "purge", gen: 1 }]);
    expect(views.current).toEqual({ activeGen: 2, building: null });
    sent.length = 0;
    await rebuildStep(step, 2, deps); // finished: a late retry changes nothing
    expect(sent).toEqual([]);

    const again = setup(["A"].map(historyOf));
    again.views.current = { activeGen: 1, building: { gen: 2, cursor: { shard: 2, after: "A" } } };
    await rebuildStep({ kind: "rebuild", gen: 2, shard: 1, after: "" }, 1, again.deps); // a duplicate of an old step
    expect(again.sent).toEqual([]);
    await rebuildStep({ kind: "rebuild", gen: 2, shard: 1, after: "" }, 3, again.deps); // its retry re-sends the cursor's step
    expect(again.sent).toEqual([{ kind: "rebuild", gen: 2, shard: 2, after: "A" }]);
  });

  it("notes a step whose product source fails, keeps its cursor, and completes once the step is re-sent", async () => {
    const { views, sent, deps } = setup(["A"].map(historyOf));
    views.current = { activeGen: 1, building: { gen: 2, cursor: { shard: 2, after: "" } } };
    const catalog = deps.catalog as NonNullable<ControlDeps["catalog"]>;
    const down: ControlDeps = {
      ...deps,
      catalog: { ...catalog, source: { readProductEvents: () => Promise.reject(new Error("product store unreachable")) } },
    };
    const step: RebuildStep = { kind: "rebuild", gen: 2, shard: 2, after: "" };
    await expect(rebuildStep(step, 1, down)).rejects.toThrow(/could not read 1 product\(s\) from their event store \(A among them\)/);
    expect(views.health.failure).toMatchObject({ attempts: 1 });
    expect(views.current.building?.cursor).toEqual({ shard: 2, after: "" });
    expect(sent).toEqual([]);
    await rebuildStep(step, 1, deps); // resumed: re-sent, or redriven from the dead-letter queue
    expect(views.current).toEqual({ activeGen: 2, building: null });
    expect([...views.products.keys()]).toEqual(["2/A"]);
  });
});

describe("POST /admin/projections/rebuild, with products", () => {
  it("rebuilds the catalog into the new generation, whose D1 rows then serve the reads", async () => {
    const skus = [freshSku("RB-A"), freshSku("RB-B")];
    const hs = skus.map(historyOf);
    await deliver(hs.flatMap((h) => h.events.map(toProductMessage)));
    const before = await Promise.all(skus.map(async (sku) => (await call("GET", `/products/${sku}`)).text()));

    const { queue, held } = heldQueue<ControlMessage>();
    const { generation, started } = await d1ProjectionAdmin({ DB: env.DB, PROJECTOR_QUEUE: queue }).rebuild();
    expect(started).toBe(true);
    const deps: ControlDeps = { ...catalogDeps(hs), control: { send: async (m) => void held.push(m) } };
    let steps = 0;
    for (let m = held.shift(); m; m = held.shift(), steps++) expect((await consume([m], deps)).retryMessages).toEqual([]);
    expect(steps).toBeGreaterThan(2);

    const rows = await env.DB.prepare("SELECT sku, version FROM product_views WHERE gen = ? ORDER BY sku").bind(generation).all();
    expect(rows.results).toEqual(skus.map((sku) => ({ sku, version: 3 })));
    for (const sku of skus) await env.VIEWS.delete(`product:${sku}`); // only the new generation's D1 rows can answer now
    const after = await Promise.all(skus.map(async (sku) => (await call("GET", `/products/${sku}`)).text()));
    expect(after).toEqual(before);
    const page = await json<{ items: ProductView[] }>(await call("GET", "/products?limit=100"));
    expect(page.items.filter((p) => skus.includes(p.sku)).map((p) => p.version)).toEqual([3, 3]);
  });
});
