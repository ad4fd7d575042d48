/** The hot-path copies' contract against each adapter: KV (test/wrangler.toml's VIEWS) and the in-memory doubles, for orders and products. */
import { env } from "cloudflare:workers";
import { kvProductPublisher, kvProductView } from "../../src/platform/d1-kv/kv-product-views.ts";
import { kvView, kvViewPublisher } from "../../src/platform/d1-kv/kv-views.ts";
import { MemoryCatalog } from "../catalog/fixtures/memory-catalog.ts";
import { MemoryViews } from "../read/fixtures/memory-views.ts";
import { orderView, productView } from "./orders.ts";
import { describeViewPublisher } from "./view-publisher.contract.ts";

describeViewPublisher(
  "orders, KV",
  async () => ({ publisher: kvViewPublisher(env.VIEWS), read: (id) => kvView(env.VIEWS, id) }),
  orderView,
);

describeViewPublisher(
  "orders, MemoryViews",
  async () => {
    const views = new MemoryViews();
    return { publisher: views, read: async (id) => JSON.parse(views.kv.get(id) ?? "null") };
  },
  orderView,
);

describeViewPublisher(
  "products, KV",
  async () => ({ publisher: kvProductPublisher(env.VIEWS), read: (sku) => kvProductView(env.VIEWS, sku) }),
  productView,
);

describeViewPublisher(
  "products, MemoryCatalog",
  async () => {
    const catalog = new MemoryCatalog();
    return { publisher: catalog.productPublisher, read: async (sku) => JSON.parse(catalog.productKv.get(sku) ?? "null") };
  },
  productView,
);
