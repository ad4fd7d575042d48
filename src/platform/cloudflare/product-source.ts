/**
 * The catalog over Durable Object RPC: one ProductAggregate per sku
 * (`PRODUCTS`), and the registry of skus, which is the StreamRegistry object
 * named "products" (`STREAMS`). The write side's gate registers a sku before
 * its AddProduct runs and asks the registry before waking a product object;
 * the read side reads a product's events (gap repair, rebuild) and walks the
 * skus (rebuild).
 */
import type { ProductObjects, ProductRegistry as WriteRegistry } from "../../app/catalog-gate.ts";
import type { ProductRegistry, ProductSource } from "../../read/ports.ts";
import type { Env } from "./env.ts";

/** The StreamRegistry object that records every sku before its AddProduct runs. */
export const PRODUCT_REGISTRY = "products";

type Bindings = Pick<Env, "PRODUCTS" | "STREAMS">;

const product = (env: Bindings, sku: string) => env.PRODUCTS.get(env.PRODUCTS.idFromName(sku));
const registry = (env: Bindings) => env.STREAMS.get(env.STREAMS.idFromName(PRODUCT_REGISTRY));

export function productSource(env: Bindings): ProductSource {
  return { readProductEvents: (sku, after, limit) => product(env, sku).readEvents(after, limit) };
}

export function productRegistry(env: Bindings): ProductRegistry & WriteRegistry {
  return {
    list: (after, limit) => registry(env).list(after, limit),
    register: async (sku) => registry(env).register(sku, null),
    has: async (sku) => (await registry(env).owner(sku)) !== null,
  };
}

export function productObjects(env: Bindings): ProductObjects {
  return {
    execute: (request) => product(env, request.sku).execute(request),
    quote: (sku) => product(env, sku).quote(),
  };
}
