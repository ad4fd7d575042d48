/** evolve(state, event) -> state for one product. Pure and total; history is fact, so it never refuses. */
import { assertNever } from "../assert-never.ts";
import type { ProductState, RecordedProductEvent } from "./types.ts";

export const initialProductState: ProductState = { status: "none" };

export function evolveProduct(state: ProductState, event: RecordedProductEvent): ProductState {
  const at = event.occurredAt;
  if (event.type === "ProductAdded") {
    const { sku, name, description, prices } = event.data;
    return { status: "available", sku, name, description, prices: { ...prices }, addedAt: at, updatedAt: at };
  }
  if (state.status === "none") return state; // an event before the product was added cannot happen
  switch (event.type) {
    case "PriceChanged":
      return { ...state, prices: { ...state.prices, [event.data.currency]: event.data.unitPrice }, updatedAt: at };
    case "ProductDiscontinued":
      return { ...state, status: "discontinued", updatedAt: at };
    default:
      return assertNever(event);
  }
}

export function foldProduct(events: Iterable<RecordedProductEvent>, from: ProductState = initialProductState): ProductState {
  let state = from;
  for (const e of events) state = evolveProduct(state, e);
  return state;
}
