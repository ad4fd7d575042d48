/** The product rows' contract against each adapter: D1 (test/wrangler.toml's DB) and the in-memory catalog of the plain tests. */
import { env } from "cloudflare:workers";
import { d1ProjectionStore } from "../../src/platform/d1-kv/d1-projection-store.ts";
import { MemoryCatalog } from "../catalog/fixtures/memory-catalog.ts";
import { describeProductRowStore } from "./product-row-store.contract.ts";

describeProductRowStore("D1", async () => d1ProjectionStore(env.DB));
describeProductRowStore("MemoryCatalog (test/catalog/fixtures)", async () => new MemoryCatalog());
