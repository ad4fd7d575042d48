/**
 * The one product view of API.md v2 (`GET /products/{sku}`, a listing item),
 * a pure function of the state: the projection and the write side's own
 * answer (what AddItem prices with) cannot disagree.
 */
import type { ExistingProduct, Prices } from "./types.ts";

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
