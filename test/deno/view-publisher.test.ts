/**
 * The hot-path copies' contract on Deno: the KV adapters themselves, for
 * orders and products, over Deno KV through src/platform/deno/kv-namespace.ts.
 * The views are test/ports/view-publisher.test.ts's.
 */
import { kvProductPublisher, kvProductView } from "../../src/platform/d1-kv/kv-product-views.ts";
import { kvView, kvViewPublisher } from "../../src/platform/d1-kv/kv-views.ts";
import { denoKvNamespace } from "../../src/platform/deno/kv-namespace.ts";
import { orderView, productView } from "../ports/orders.ts";
import { describeViewPublisher } from "../ports/view-publisher.contract.ts";

const views = denoKvNamespace(await Deno.openKv(":memory:"));

describeViewPublisher("orders, Deno KV", async () => ({ publisher: kvViewPublisher(views), read: (id) => kvView(views, id) }), orderView);

describeViewPublisher(
  "products, Deno KV",
  async () => ({ publisher: kvProductPublisher(views), read: (sku) => kvProductView(views, sku) }),
  productView,
);
