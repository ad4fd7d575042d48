/**
 * The product registry's contract (test/ports/product-registry.contract.ts)
 * on Deno: kvProductRegistry, both sides' registry of skus, each test over a
 * fresh in-memory KV.
 */
import { kvProductRegistry } from "../../src/platform/deno/kv-registry.ts";
import { describeProductRegistry } from "../ports/product-registry.contract.ts";

describeProductRegistry("Deno KV", async () => {
  const registry = kvProductRegistry(await Deno.openKv(":memory:"));
  return {
    reader: registry,
    gate: registry,
    seed: async (skus) => {
      for (const sku of skus) await registry.register(sku);
    },
  };
});
