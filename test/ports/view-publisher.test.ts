/** The hot-path copies' contract against each adapter: KV (test/wrangler.toml's VIEWS) and the in-memory doubles, for orders and products. */
import { env } from "cloudflare:workers";
import { toView } from "../../src/domain/order/view.ts";
import type { ProductView } from "../../src/domain/product/view.ts";
import { kvProductPublisher, kvProductView } from "../../src/platform/cloudflare/kv-product-views.ts";
import { kvView, kvViewPublisher } from "../../src/platform/cloudflare/kv-views.ts";
import { MemoryCatalog } from "../catalog/fixtures/memory-catalog.ts";
import { MemoryViews } from "../read/fixtures/memory-views.ts";
import { stateAt } from "./orders.ts";
import { describeViewPublisher } from "./view-publisher.contract.ts";

const orderView = (orderId: string, version: number) => toView(stateAt(orderId, "cust-1", Math.min(version, 7)), version);
const productView = (sku: string, version: number): ProductView => ({
  sku,
  name: `Mug v${version}`,
  description: "A mug",
  prices: { EUR: 1250 + version },
  available: version % 2 === 1,
  version,
});

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
