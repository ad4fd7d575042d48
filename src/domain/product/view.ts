/**
 * The one product view of API.md v2 (`GET /products/{sku}`, a listing item),
 * a pure function of the state: the projection and the write side's own
 * answer (what AddItem prices with) cannot disagree.
 */
import type { ProductQuote } from "../order/types.ts";
import type { ExistingProduct, Prices, ProductState } from "./types.ts";

export interface ProductView {
  sku: string;
  name: string;
  description: string;
  prices: Prices;
  available: boolean;
  version: number;
}

export function toProductView(state: ExistingProduct, version: number): ProductView {
  return {
    sku: state.sku,
    name: state.name,
    description: state.description,
    prices: { ...state.prices },
    available: state.status === "available",
    version,
  };
}

/** The product as an order's AddItem prices it, from the write side's own state; null when it was never added. */
export function quoteOf(state: ProductState, version: number): ProductQuote | null {
  if (state.status === "none") return null;
  return { name: state.name, prices: { ...state.prices }, available: state.status === "available", version };
}
