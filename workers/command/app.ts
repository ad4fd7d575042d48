/**
 * The write half of API.md (src/http/command-app.ts) over the Durable
 * Objects, as a Worker serves it: the public origin (workers/query/index.ts)
 * in its own isolate, calling the objects of the command Worker by RPC, and
 * the command Worker itself (./index.ts), which hosts them.
 */
import { gatedProductWriteModel, quoteTtlMs, quotingCatalog } from "../../src/app/catalog-gate.ts";
import { commandApp } from "../../src/http/command-app.ts";
import type { Env } from "../../src/platform/cloudflare/env.ts";
import { productObjects, productRegistry } from "../../src/platform/cloudflare/product-source.ts";
import { reachable } from "../../src/platform/cloudflare/reachable.ts";
import { durableWriteModel } from "../../src/platform/cloudflare/write-model.ts";

/** The bindings the command app needs: the objects, the rate limiter, the token settings, the quote's lifetime. */
export type CommandBindings = Pick<
  Env,
  | "ORDERS"
  | "CREATE_GATE"
  | "STREAMS"
  | "PRODUCTS"
  | "RATE_LIMITER"
  | "JWT_SECRET"
  | "JWT_ISSUER"
  | "JWT_AUDIENCE"
  | "RATE_LIMIT_PER_MINUTE"
  | "CATALOG_QUOTE_TTL_MS"
>;

export function durableCommandApp<B extends CommandBindings>() {
  return commandApp<B>({
    orders: (env) => ({
      writeModel: durableWriteModel(env),
      catalog: quotingCatalog(
        reachable("products", productObjects(env)),
        reachable("product registry", productRegistry(env)),
        quoteTtlMs(env),
      ),
    }),
    products: (env) =>
      gatedProductWriteModel(reachable("products", productObjects(env)), reachable("product registry", productRegistry(env))),
  });
}
