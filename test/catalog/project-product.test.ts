/**
 * The pure projection of one product: what applies, what is ignored, what is
 * a gap; and the property the catalog's read side rests on: any permutation
 * and duplication of a product's events projects to the write side's own
 * view, and no delivery makes the view go backwards.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldProduct } from "../../src/domain/product/evolve.ts";
import type { ExistingProduct, RecordedProductEvent } from "../../src/domain/product/types.ts";
import { toProductView } from "../../src/domain/product/view.ts";
import { advanceProduct, type ProjectedProduct, productViewOf, unprojectedProduct } from "../../src/read/project-product.ts";
import { add, discontinue, price, productHistories, productHistory, schedules } from "./fixtures/products.ts";

const history = productHistory("MUG-1", [add("MUG-1", { EUR: 1250 }, "Mug"), price("USD", 1400), price("EUR", 990), discontinue]).events;
const e = (version: number) => history[version - 1] as RecordedProductEvent;

describe("advanceProduct", () => {
  it("applies the next versions in order, whatever order they come in", () => {
    const r = advanceProduct(unprojectedProduct, [...history].reverse());
    expect(r).toMatchObject({ version: 4, gap: false });
    expect(r.applied.map((a) => a.version)).toEqual([1, 2, 3, 4]);
    expect(productViewOf(r)).toEqual({
      sku: "MUG-1",
      name: "Mug",
      description: "About MUG-1",
      prices: { EUR: 990, USD: 1400 },
      available: false,
      version: 4,
    });
  });

  it("ignores duplicates and versions it already has", () => {
    const first = advanceProduct(unprojectedProduct, [e(1), e(2)]);
    const again = advanceProduct(first, [e(2), e(1), e(2)]);
    expect(again.applied).toEqual([]);
    expect(again).toMatchObject({ version: 2, state: first.state, gap: false });
  });

  it("stops at a missing version and reports the gap", () => {
    const r = advanceProduct(unprojectedProduct, [e(1), e(3), e(4)]);
    expect(r).toMatchObject({ version: 1, gap: true });
    expect(productViewOf(r)).toMatchObject({ prices: { EUR: 1250 }, available: true, version: 1 });
    expect(advanceProduct(r, [e(2)])).toMatchObject({ version: 2, gap: false }); // 3 and 4 are not here: no gap to report
  });

  it("has no view before the product is added", () => {
    expect(productViewOf(unprojectedProduct)).toBeNull();
    expect(productViewOf(advanceProduct(unprojectedProduct, [e(2)]))).toBeNull();
  });
});

describe("product projection properties", () => {
  const arbitrary = productHistories("p", 1).chain((hs) => {
    const events = (hs[0] as { events: RecordedProductEvent[] }).events;
    return fc.tuple(fc.constant(events), schedules(events));
  });

  it("projects any permutation and duplication of a product's events, gaps filled, to the write side's view, never going backwards", () => {
    fc.assert(
      fc.property(arbitrary, ([events, batches]) => {
        let projected: ProjectedProduct = unprojectedProduct;
        for (const batch of batches) {
          let next = advanceProduct(projected, batch);
          expect(next.gap).toBe(batch.some((b) => b.version > next.version));
          // The caller's part (src/read/project-products.ts): a gap is filled from the product's stored events.
          if (next.gap) next = advanceProduct(projected, [...batch, ...events]);
          expect(next.gap).toBe(false);
          expect(next.version).toBeGreaterThanOrEqual(projected.version);
          projected = next;
        }
        expect(projected.version).toBe(events.length);
        expect(JSON.stringify(productViewOf(projected))).toBe(
          JSON.stringify(toProductView(foldProduct(events) as ExistingProduct, events.length)),
        );
      }),
      { numRuns: 500 },
    );
  });
});
