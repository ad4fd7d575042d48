/**
 * The gate in front of the product objects, the same on every runtime, as
 * order-gate.ts is for orders: a caller who may not manage the catalog is
 * refused by the decider's own role rule before any object is woken; a
 * command or a price lookup for a sku nobody added asks the product
 * registry (one lookup) and wakes no object, so nothing refused or not found
 * creates storage; an add registers its sku first, so a rebuild walking the
 * registry cannot miss an acknowledged product.
 */
import type { ProductQuote } from "../domain/order/types.ts";
import { acceptsNew, logged, stale } from "./order-gate.ts";
import type { Catalog, ProductWriteModel } from "./ports.ts";
import type { ProductCommandRequest, ProductResult } from "./product-commands.ts";
import { refuseRole } from "./product-commands.ts";
import { refusals, refused } from "./run-command.ts";

/** The skus of the catalog: recorded before a product's first command runs. */
export interface ProductRegistry {
  register(sku: string): Promise<void>;
  has(sku: string): Promise<boolean>;
}

/** The product objects themselves. */
export interface ProductObjects {
  execute(request: ProductCommandRequest): Promise<ProductResult>;
  quote(sku: string): Promise<ProductQuote | null>;
}

/** Skus this isolate has seen exist: a product, once added, exists for good (it can only be discontinued). */
const KNOWN_MAX = 10_000;
const known = new Set<string>();

async function exists(registry: ProductRegistry, sku: string): Promise<boolean> {
  if (known.has(sku)) return true;
  if (!(await registry.has(sku))) return false;
  if (known.size >= KNOWN_MAX) known.delete(known.values().next().value as string);
  known.add(sku);
  return true;
}

export function gatedProductWriteModel(objects: ProductObjects, registry: ProductRegistry, now = Date.now): ProductWriteModel {
  return {
    execute: (request) => logged("product", request.sku, request, now, () => execute(request)),
  };

  async function execute(request: ProductCommandRequest): Promise<ProductResult> {
    const denied = refuseRole(request, now());
    if (denied) return denied;
    if (request.command.type === "AddProduct") {
      // A new product is at version 0: an If-Match that excludes it is refused before its sku is registered.
      if (!acceptsNew(request.expectedVersions) && !(await exists(registry, request.sku)))
        return stale("product", request.expectedVersions);
      await registry.register(request.sku);
    } else if (!(await exists(registry, request.sku))) return refused(refusals.notFound("product"));
    return objects.execute(request);
  }
}

/**
 * Quotes for AddItem, from the product's write side. `ttlMs` > 0 keeps each
 * quote in this isolate for at most that long (a hot product's object is
 * asked once per isolate per `ttlMs`, not once per AddItem): a price change
 * reaches AddItem within `ttlMs`. 0 asks the object every time.
 */
export function quotingCatalog(objects: Pick<ProductObjects, "quote">, registry: ProductRegistry, ttlMs: number, now = Date.now): Catalog {
  return {
    async quote(sku) {
      const hit = quotes.get(sku);
      if (hit && now() - hit.at < ttlMs) return hit.quote;
      if (!(await exists(registry, sku))) return null;
      const quote = await objects.quote(sku);
      if (ttlMs > 0 && quote) {
        if (quotes.size >= KNOWN_MAX) quotes.delete(quotes.keys().next().value as string);
        quotes.set(sku, { quote, at: now() });
      }
      return quote;
    },
  };
}

const quotes = new Map<string, { quote: ProductQuote; at: number }>();

/** CATALOG_QUOTE_TTL_MS: how long an isolate may price with a quote; 0 (the default) asks the product's object every time. */
export function quoteTtlMs(env: { CATALOG_QUOTE_TTL_MS?: string }): number {
  const ms = Number(env.CATALOG_QUOTE_TTL_MS ?? 0);
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_QUOTE_TTL_MS) : 0;
}

/** The documented bound on staleness: a price change reaches every AddItem within this. */
export const MAX_QUOTE_TTL_MS = 5_000;
