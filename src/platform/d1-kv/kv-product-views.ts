/**
 * The catalog's hot path: one KV entry per product (`product:{sku}`), the
 * view JSON exactly as GET /products/{sku} serves it. Not keyed by
 * generation, for the reason the order copies are not (kv-views.ts): a view
 * is a pure function of the product's events, and the projector, the one
 * writer, always writes the newest version it holds, at most once per key per
 * batch, and rewrites a copy that is older than its durable row.
 */

import type { ProductView } from "../../domain/product/view.ts";
import type { ProductViewPublisher } from "../../read/ports.ts";
import { kvCopies } from "./kv-views.ts";

export const productKey = (sku: string) => `product:${sku}`;

export function kvProductPublisher(kv: KVNamespace): ProductViewPublisher {
  return kvCopies<ProductView>(kv, "product view", productKey, (v) => v.sku);
}

export function kvProductView(kv: KVNamespace, sku: string): Promise<ProductView | null> {
  return kv.get<ProductView>(productKey(sku), "json");
}
