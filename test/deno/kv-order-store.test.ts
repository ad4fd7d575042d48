/**
 * The core runs on Deno: the decider and command handling, unchanged, over a
 * Deno KV adapter. `deno test --unstable-kv test/deno` (part of `npm test`).
 */
import assert from "node:assert/strict";
import type { EventMessage } from "../../src/domain/order/event-message.ts";
import type { Actor } from "../../src/domain/order/types.ts";
import { execute, readEvents } from "../../src/platform/deno/kv-order-store.ts";

/** The catalog's answer for a product on sale in EUR, as the edge puts it in AddItem. */
const quote = (name: string, unitPrice: number) => ({ name, prices: { EUR: unitPrice }, available: true, version: 1 });

const customer: Actor = { sub: "c-1", role: "customer" };
const service: Actor = { sub: "psp", role: "service" };

Deno.test("an order goes from draft to paid on Deno KV, its events delivered through the transactional outbox", async () => {
  const kv = await Deno.openKv(":memory:");
  const delivered: EventMessage[] = [];
  const listening = kv.listenQueue((m) => void delivered.push(m as EventMessage));
  const id = "order-1";
  const run = (command: Parameters<typeof execute>[1]["command"], actor = customer) => execute(kv, { orderId: id, command, actor });
  assert.deepEqual(await run({ type: "CreateOrder", orderId: id, customerId: "c-1", currency: "EUR" }), {
    ok: true,
    reply: { status: 201, body: { orderId: id, version: 1, status: "draft" } },
  });
  await run({ type: "AddItem", sku: "A-1", quantity: 2, product: quote("Mug", 1250) });
  await run({
    type: "SetShippingAddress",
    address: { name: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" },
  });
  await run({ type: "PlaceOrder" });
  const refused = await run({ type: "ConfirmPayment", paymentId: "p", amount: 1 }, service);
  assert.deepEqual(refused.ok ? null : refused.refusal.code, "amount_mismatch");
  const paid = await run({ type: "ConfirmPayment", paymentId: "p", amount: 2500 }, service);
  assert.deepEqual(paid.ok && paid.reply.body, { orderId: id, version: 5, status: "paid" });
  const page = await readEvents(kv, id, 0, 100);
  assert.deepEqual(
    page.events.map((e) => e.type),
    ["OrderCreated", "ItemAdded", "ShippingAddressSet", "OrderPlaced", "PaymentConfirmed"],
  );
  for (let i = 0; i < 50 && delivered.length < 5; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(delivered.map((m) => m.id).sort(), [1, 2, 3, 4, 5].map((v) => `${id}:${v}`).sort());
  kv.close();
  await listening;
});

Deno.test("concurrent commands on one stream get contiguous versions; a repeated Idempotency-Key appends once", async () => {
  const kv = await Deno.openKv(":memory:");
  const id = "order-2";
  await execute(kv, { orderId: id, command: { type: "CreateOrder", orderId: id, customerId: "c-1", currency: "EUR" }, actor: customer });
  const adds = Array.from({ length: 20 }, (_, i) =>
    execute(kv, { orderId: id, command: { type: "AddItem", sku: `S-${i}`, quantity: 1, product: quote("x", 1) }, actor: customer }),
  );
  const versions = (await Promise.all(adds)).map((r) => (r.ok ? r.reply.body.version : -1)).sort((a, b) => a - b);
  assert.deepEqual(
    versions,
    Array.from({ length: 20 }, (_, i) => i + 2),
  );
  const keyed = {
    orderId: id,
    command: { type: "RemoveItem", sku: "S-0" } as const,
    actor: customer,
    idempotency: { key: "k", fingerprint: "f" },
  };
  const replies = await Promise.all([execute(kv, keyed), execute(kv, keyed), execute(kv, keyed)]);
  assert.equal(new Set(replies.map((r) => JSON.stringify(r))).size, 1);
  assert.equal((await readEvents(kv, id, 0, 1000)).events.length, 22);
  kv.close();
});
