/**
 * The product registry's contract against each adapter: the StreamRegistry
 * object named "products" of test/wrangler.toml's STREAMS (productRegistry,
 * both sides' registry on Workers), and, for its listing only, the read-only
 * double the catalog's rebuild tests walk (test/catalog/fixtures).
 */
import { env } from "cloudflare:workers";
import { productRegistry } from "../../src/platform/cloudflare/product-source.ts";
import { memoryProductRegistry } from "../catalog/fixtures/memory-catalog.ts";
import { describeProductRegistry } from "./product-registry.contract.ts";

describeProductRegistry('StreamRegistry object "products"', async () => {
  const registry = productRegistry(env);
  return {
    reader: registry,
    gate: registry,
    seed: async (skus) => {
      for (const sku of skus) await registry.register(sku);
    },
  };
});

describeProductRegistry(
  "memoryProductRegistry (test/catalog/fixtures)",
  async () => {
    const skus: string[] = [];
    return { reader: memoryProductRegistry(skus), gate: null, seed: async (more) => void skus.push(...more) };
  },
  { readOnly: true },
);
