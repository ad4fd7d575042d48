/**
 * The product aggregate's vocabulary (the catalog, API.md v2): one stream per
 * sku. Commands (imperative), events (past tense), state (a union on
 * `status`). Pure data; see decide.ts and evolve.ts.
 */
import type { Actor, EventMeta } from "../order/types.ts";

/** Prices in minor units by ISO 4217 currency. */
export type Prices = Record<string, number>;

export type ProductCommand =
  | { type: "AddProduct"; sku: string; name: string; description: string; prices: Prices }
  | { type: "ChangePrice"; currency: string; unitPrice: number }
  | { type: "DiscontinueProduct" };

export type ProductEvent =
  | { type: "ProductAdded"; data: { sku: string; name: string; description: string; prices: Prices } }
  | { type: "PriceChanged"; data: { currency: string; unitPrice: number } }
  | { type: "ProductDiscontinued"; data: Record<string, never> };

export type ProductEventType = ProductEvent["type"];

/** An event as stored: the decider's event plus its stream (the sku), position and metadata. */
export type RecordedProductEvent = ProductEvent & { sku: string; version: number; occurredAt: string; actor: Actor; meta?: EventMeta };

export interface ProductMeta {
  readonly actor: Actor;
  /** ISO 8601 UTC with milliseconds. */
  readonly now: string;
}

interface Common {
  sku: string;
  name: string;
  description: string;
  prices: Prices;
  addedAt: string;
  updatedAt: string;
}

export type ProductState = { status: "none" } | (Common & { status: "available" }) | (Common & { status: "discontinued" });

export type ExistingProduct = Exclude<ProductState, { status: "none" }>;

export const PRODUCT_LIMITS = {
  maxCurrencies: 20,
  maxUnitPrice: 100_000_000,
} as const;
