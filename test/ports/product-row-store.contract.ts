/**
 * The product rows' contract (ProductRowStore, with their writes through
 * ProjectionStore.commit's `products`), written once and run against every
 * adapter (product-row-store.test.ts): a row only ever moves to a higher
 * version, each generation apart.
 */
import { describe, expect, it } from "vitest";
import type { ProductRow, ProductRowStore, ProjectionStore } from "../../src/read/ports.ts";

let seq = 0;

const product = (gen: number, sku: string, version: number): ProductRow => ({
  gen,
  sku,
  version,
  state: {
    status: version % 2 === 1 ? "available" : "discontinued",
    sku,
    name: `Mug v${version}`,
    description: "A mug",
    prices: { EUR: 1000 + version },
    addedAt: "2026-03-01T10:00:00.000Z",
    updatedAt: `2026-03-01T10:0${version}:00.000Z`,
  },
});

export function describeProductRowStore(name: string, make: () => Promise<ProjectionStore & ProductRowStore>) {
  describe(`ProductRowStore contract: ${name}`, () => {
    const fresh = () => {
      seq += 1;
      const tag = `${Date.now().toString(36)}-${seq}`;
      return { sku: (n = 0) => `SKU-${tag}-${n}`, gen: 5000 + seq * 10 + Math.floor(Math.random() * 1e6) * 1000 };
    };
    const products = (rows: ProductRow[]) => ({ rows: [], deltas: [], checkpoints: [], products: rows });

    it("loads what was committed, only of the generations and skus asked for", async () => {
      const store = await make();
      const { sku, gen } = fresh();
      await store.commit(products([product(gen, sku(1), 2), product(gen, sku(2), 1), product(gen + 1, sku(1), 3)]));
      expect(await store.loadProducts([gen], [sku(1), sku(3)])).toEqual([product(gen, sku(1), 2)]);
      expect(await store.loadProducts([gen + 1], [sku(1)])).toEqual([product(gen + 1, sku(1), 3)]);
    });

    it("moves a row only to a higher version", async () => {
      const store = await make();
      const { sku, gen } = fresh();
      await store.commit(products([product(gen, sku(), 3)]));
      await store.commit(products([product(gen, sku(), 1)]));
      await store.commit(products([{ ...product(gen, sku(), 3), state: product(gen, sku(), 2).state }]));
      expect(await store.loadProducts([gen], [sku()])).toEqual([product(gen, sku(), 3)]);
      await store.commit(products([product(gen, sku(), 4)]));
      expect(await store.loadProducts([gen], [sku()])).toEqual([product(gen, sku(), 4)]);
    });
  });
}
