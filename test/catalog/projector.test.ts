/**
 * The projector Worker inside workerd, fed hand-made product messages on the
 * events Queue: it writes the product's D1 row and KV copy, repairs a gap
 * from the product's write side, ignores duplicates, retries what it cannot
 * project yet, rewrites a lost copy,
 * counts product events in the checkpoints, and leaves order events in the
 * same batch to the order path.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { toProductMessage } from "../../src/domain/product/event-message.ts";
import { foldProduct } from "../../src/domain/product/evolve.ts";
import type { ExistingProduct } from "../../src/domain/product/types.ts";
import { toProductView } from "../../src/domain/product/view.ts";
import { deliver, silentOrder } from "../read/helpers.ts";
import { add, discontinue, messagesOf, price, productHistory } from "./fixtures/products.ts";
import { catalogDeps, consume, d1Product, freshSku, kvProduct } from "./helpers.ts";

const checkpoint = () =>
  env.DB.prepare("SELECT events_applied, last_event_id FROM projection_checkpoints WHERE gen = 1").first<{
    events_applied: number;
    last_event_id: string;
  }>();

describe("the projector, for products", () => {
  it("writes the product's D1 row and its KV copy, and counts its events in the checkpoint", async () => {
    const sku = freshSku("MUG");
    const messages = messagesOf(sku, [price("USD", 1400), price("EUR", 990)]);
    const before = (await checkpoint())?.events_applied ?? 0;
    const result = await deliver(messages);
    expect(result.explicitAcks).toHaveLength(3);
    const view = { sku, name: `Product ${sku}`, description: `About ${sku}`, prices: { EUR: 990, USD: 1400 }, available: true, version: 3 };
    expect(await env.VIEWS.get(`product:${sku}`)).toBe(JSON.stringify(view));
    expect(await d1Product(sku)).toEqual({
      name: view.name,
      description: view.description,
      prices: JSON.stringify(view.prices),
      available: 1,
      version: 3,
    });
    expect(await checkpoint()).toEqual({ events_applied: before + 3, last_event_id: `product:${sku}:3` });
  });

  it("fills a gap from the product's write side instead of waiting for the missing messages", async () => {
    const sku = freshSku("GAP");
    const history = productHistory(sku, [add(sku), price("SEK", 12_000), discontinue]);
    const deps = catalogDeps([history]);
    const last = toProductMessage(history.events[2] as (typeof history.events)[number]);
    const result = await consume([last], deps); // version 3 only: 1 and 2 never arrive
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
    const expected = toProductView(foldProduct(history.events) as ExistingProduct, 3);
    expect(await kvProduct(sku)).toEqual(expected);
    expect(await d1Product(sku)).toMatchObject({ available: 0, version: 3 });
  });

  it("acks duplicates and old versions without rewriting the views", async () => {
    const sku = freshSku("DUP");
    const messages = messagesOf(sku, [price("EUR", 1500)]);
    await deliver(messages);
    const copy = await env.VIEWS.get(`product:${sku}`);
    await env.VIEWS.put(`product:${sku}`, copy as string, { metadata: { marker: true } });
    const result = await deliver([messages[1], messages[0], messages[1]]);
    expect(result.explicitAcks).toHaveLength(3);
    expect((await env.VIEWS.getWithMetadata(`product:${sku}`)).metadata).toEqual({ marker: true }); // current: not written again
    expect(await d1Product(sku)).toMatchObject({ version: 2 });
  });

  it("retries with backoff a product whose gap it cannot repair yet, and acks the batch's orders", async () => {
    const sku = freshSku("LOUD");
    const [, second] = messagesOf(sku, [price("EUR", 1)]);
    const { messages: orderMessages } = await silentOrder();
    const result = await deliver([second, ...orderMessages]);
    expect(result.retryMessages).toHaveLength(1);
    expect(Object.values(result.delays)).toEqual([1]);
    expect(result.explicitAcks).toHaveLength(orderMessages.length);
    expect(await kvProduct(sku)).toBeNull();
    expect(await d1Product(sku)).toBeNull();
  });

  it("rewrites a KV copy that is missing though its row does not move (a failed write, redriven)", async () => {
    const sku = freshSku("KV");
    const messages = messagesOf(sku, [discontinue]);
    await deliver(messages);
    const copy = await env.VIEWS.get(`product:${sku}`);
    await env.VIEWS.delete(`product:${sku}`);
    const redriven = await deliver([messages[1]]);
    expect(redriven.explicitAcks).toHaveLength(1);
    expect(await env.VIEWS.get(`product:${sku}`)).toBe(copy);
  });

  it("writes a product event into both generations while a rebuild fills the next one", async () => {
    const sku = freshSku("GEN");
    await env.DB.prepare("UPDATE projection_state SET building_gen = 77, rebuild_shard = 0, rebuild_after = '' WHERE id = 1").run();
    try {
      await deliver(messagesOf(sku, []));
      expect(await d1Product(sku, 1)).toMatchObject({ version: 1 });
      expect(await d1Product(sku, 77)).toMatchObject({ version: 1 });
    } finally {
      await env.DB.prepare(
        "UPDATE projection_state SET building_gen = NULL, rebuild_shard = NULL, rebuild_after = NULL WHERE id = 1",
      ).run();
    }
  });

  it("sends a malformed product message on its way to the dead-letter queue", async () => {
    const sku = freshSku("BAD");
    const [added] = messagesOf(sku, []);
    const result = await deliver([
      { ...added, data: { name: "no prices" } },
      { ...added, type: "ProductRenamed" },
    ]);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toHaveLength(2);
    expect(await kvProduct(sku)).toBeNull();
  });
});
