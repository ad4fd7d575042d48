/** Helpers for the catalog's read-side tests inside workerd: the projector with an in-memory product source, and what it wrote. */
import { createExecutionContext, createMessageBatch, getQueueResult, type QueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { ProductView } from "../../src/domain/product/view.ts";
import { consumeEvents, projectionDeps } from "../../src/platform/cloudflare/projector-consumer.ts";
import type { ControlDeps } from "../../src/read/projection-steps.ts";
import { memoryProductRegistry, memoryProductSource } from "./fixtures/memory-catalog.ts";
import type { ProductHistory } from "./fixtures/products.ts";

/**
 * The projector's real deps (D1, KV, the order objects), with the product
 * write side played by `hs`: the PRODUCTS binding is the write side's to add.
 */
export function catalogDeps(hs: ProductHistory[]): ControlDeps {
  const real = projectionDeps(env);
  return {
    ...real,
    catalog: {
      ...(real.catalog as NonNullable<ControlDeps["catalog"]>),
      source: memoryProductSource(hs),
      registry: memoryProductRegistry(hs.map((h) => h.sku)),
    },
  };
}

/** Runs the projector's consumer on `bodies` as one batch with `deps`. */
export async function consume(bodies: unknown[], deps: ControlDeps, attempts = 1): Promise<QueueResult> {
  const batch = createMessageBatch(
    "order-events",
    bodies.map((body) => ({ id: crypto.randomUUID(), timestamp: new Date(), attempts, body })),
  );
  await consumeEvents(batch, deps);
  return getQueueResult(batch, createExecutionContext());
}

export const kvProduct = (sku: string) => env.VIEWS.get<ProductView>(`product:${sku}`, "json");

export const d1Product = (sku: string, gen = 1) =>
  env.DB.prepare("SELECT name, description, prices, available, version FROM product_views WHERE gen = ? AND sku = ?")
    .bind(gen, sku)
    .first();

/** A sku no other test uses. */
export const freshSku = (tag: string) => `${tag}-${crypto.randomUUID().slice(0, 8)}`;
