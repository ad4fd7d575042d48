/**
 * The projection of one product, pure, by the rules of the order's
 * (src/read/project.ts): events may come in any order and more than once;
 * only the next version applies, so a duplicate or an old event changes
 * nothing and the view never goes backwards, and an event beyond a missing
 * one is reported as a gap for the caller to fill from the product's events.
 *
 * The same evolveProduct() and toProductView() as the write side, so the
 * catalog cannot disagree with what AddItem prices from.
 */
import { evolveProduct, initialProductState } from "../domain/product/evolve.ts";
import type { ProductState, RecordedProductEvent } from "../domain/product/types.ts";
import { type ProductView, toProductView } from "../domain/product/view.ts";
import { advanceStream } from "./catch-up.ts";

export interface ProjectedProduct {
  version: number;
  state: ProductState;
}

export interface AdvancedProduct extends ProjectedProduct {
  /** The events applied now, in version order. */
  applied: RecordedProductEvent[];
  /** True when an event beyond the next missing version was left unapplied. */
  gap: boolean;
}

export const unprojectedProduct: ProjectedProduct = { version: 0, state: initialProductState };

export function advanceProduct(from: ProjectedProduct, events: Iterable<RecordedProductEvent>): AdvancedProduct {
  return advanceStream(from, events, evolveProduct);
}

export function productViewOf(p: ProjectedProduct): ProductView | null {
  return p.state.status === "none" ? null : toProductView(p.state, p.version);
}
