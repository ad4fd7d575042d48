/**
 * The read side's Cloudflare adapters to the catalog's write side: the sku
 * registry is the StreamRegistry object named "products".
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { PRODUCT_REGISTRY, productRegistry } from "../../src/platform/cloudflare/product-source.ts";

it("lists the skus of the products registry in sku order, after a cursor", async () => {
  const registry = env.STREAMS.get(env.STREAMS.idFromName(PRODUCT_REGISTRY));
  for (const sku of ["REG-C", "REG-A", "REG-B"]) await registry.register(sku, "catalog");
  const skus = productRegistry(env);
  expect(await skus.list("", 2)).toEqual(["REG-A", "REG-B"]);
  expect(await skus.list("REG-B", 10)).toEqual(["REG-C"]);
});
