/**
 * The write side on Deno KV (src/platform/deno/kv-write-model.ts): the same
 * runner and deciders as the Durable Objects, behind the same gates, with
 * KV's atomic commits, its queue as the outbox and the payment timer.
 * `deno test` (part of `npm test`).
 */
import assert from "node:assert/strict";
import type { CommandRequest } from "../../src/app/command-handler.ts";
import type { Actor, Command } from "../../src/domain/order/types.ts";
import type { Envelope } from "../../src/platform/deno/kv-queue.ts";
import { kvWriteSide } from "../../src/platform/deno/kv-write-model.ts";
import { LiveHub } from "../../src/platform/deno/live-hub.ts";

const staff: Actor = { sub: "ops", role: "staff" };
const customer: Actor = { sub: "c-1", role: "customer" };
const service: Actor = { sub: "psp", role: "service" };
const address = { name: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };
const opts = { sanitizeResources: false, sanitizeOps: false };

async function system(path = ":memory:", paymentTimeoutMs = 900_000) {
  const kv = await Deno.openKv(path);
  const write = kvWriteSide(kv, { policy: { paymentTimeoutMs }, live: new LiveHub(), quoteTtlMs: 0 });
  const order = (orderId: string) => ({
    run: (command: Command, actor = customer, extra: Partial<CommandRequest> = {}) =>
      write.orders.execute({ orderId, command, actor, ...extra }),
  });
  await write.products.execute({
    sku: "MUG",
    command: { type: "AddProduct", sku: "MUG", name: "Mug", description: "A mug", prices: { EUR: 1250 } },
    actor: staff,
  });
  return { kv, write, order };
}

/** The order's life up to `placed`, pricing its line from the catalog as the edge does. */
async function placed(s: Awaited<ReturnType<typeof system>>, orderId: string) {
  const o = s.order(orderId);
  await o.run({ type: "CreateOrder", orderId, customerId: "c-1", currency: "EUR" });
  await o.run({ type: "AddItem", sku: "MUG", quantity: 2, product: await s.write.catalog.quote("MUG") });
  await o.run({ type: "SetShippingAddress", address });
  return o.run({ type: "PlaceOrder" });
}

Deno.test(
  "an order goes from draft to paid, priced by the catalog, its events delivered through the queue in their commits",
  opts,
  async () => {
    const s = await system();
    const delivered: string[] = [];
    const listening = s.kv.listenQueue((e) => void delivered.push(String((e as Envelope).id)));
    assert.equal((await placed(s, "o-1")).ok, true);
    const paid = await s.order("o-1").run({ type: "ConfirmPayment", paymentId: "p", amount: 2500 }, service);
    assert.deepEqual(paid.ok && paid.reply.body, { orderId: "o-1", version: 5, status: "paid" });
    const page = await s.write.source.readEvents("o-1", 0, 100);
    assert.deepEqual(
      page.events.map((e) => e.type),
      ["OrderCreated", "ItemAdded", "ShippingAddressSet", "OrderPlaced", "PaymentConfirmed"],
    );
    for (let i = 0; i < 100 && delivered.length < 6; i++) await new Promise((r) => setTimeout(r, 20));
    const ids = delivered.filter((id) => id.startsWith("o-1:")).sort();
    assert.deepEqual(
      ids,
      [1, 2, 3, 4, 5].map((v) => `o-1:${v}`),
    );
    assert.ok(delivered.includes("product:MUG:1"));
    s.kv.close();
    await listening;
  },
);

Deno.test("a stranger and a missing order get the same 404, and nothing is stored for either", opts, async () => {
  const s = await system();
  await s.order("o-2").run({ type: "CreateOrder", orderId: "o-2", customerId: "c-1", currency: "EUR" });
  const stranger = await s.order("o-2").run({ type: "PlaceOrder" }, { sub: "c-2", role: "customer" });
  const missing = await s.order("nope").run({ type: "PlaceOrder" });
  assert.deepEqual(stranger, missing);
  assert.equal((await s.kv.get(["order", "nope", "head"])).versionstamp, null);
  s.kv.close();
});

Deno.test("concurrent commands on one order get contiguous versions; a repeated Idempotency-Key appends once", opts, async () => {
  const s = await system();
  const o = s.order("o-3");
  await o.run({ type: "CreateOrder", orderId: "o-3", customerId: "c-1", currency: "EUR" });
  const product = await s.write.catalog.quote("MUG");
  const adds = Array.from({ length: 20 }, (_, i) => o.run({ type: "AddItem", sku: "MUG", quantity: i + 1, product }));
  const versions = (await Promise.all(adds)).map((r) => (r.ok ? r.reply.body.version : -1)).sort((a, b) => a - b);
  assert.deepEqual(
    versions,
    Array.from({ length: 20 }, (_, i) => i + 2),
  );
  const keyed = () => o.run({ type: "RemoveItem", sku: "MUG" }, customer, { idempotency: { key: "k", fingerprint: "f" } });
  const [a, b] = await Promise.all([keyed(), keyed()]);
  assert.deepEqual(a, b);
  assert.equal((await s.write.source.readEvents("o-3", 0, 100)).events.length, 22);
  s.kv.close();
});

Deno.test("two processes on one KV file: each commit checks the head, so neither loses the other's update", opts, async () => {
  const path = await Deno.makeTempFile({ suffix: ".kv" });
  const one = await system(path);
  const two = await system(path);
  await one.order("o-4").run({ type: "CreateOrder", orderId: "o-4", customerId: "c-1", currency: "EUR" });
  const product = await one.write.catalog.quote("MUG");
  const add = (s: typeof one, i: number) => s.order("o-4").run({ type: "AddItem", sku: "MUG", quantity: i, product });
  const results = await Promise.all(Array.from({ length: 30 }, (_, i) => add(i % 2 ? one : two, i + 1)));
  assert.ok(results.every((r) => r.ok));
  const page = await one.write.source.readEvents("o-4", 0, 100);
  assert.deepEqual(
    page.events.map((e) => e.version),
    Array.from({ length: 31 }, (_, i) => i + 1),
  );
  const view = await two.write.source.view("o-4");
  assert.equal(view?.items[0]?.quantity, (30 * 31) / 2);
  one.kv.close();
  two.kv.close();
});

Deno.test("the payment timer cancels a placed order that was not paid in time, and does nothing to a paid one", opts, async () => {
  const s = await system(":memory:", 300);
  const listening = s.kv.listenQueue(async (e) => {
    await s.write.direct((e as Envelope).body);
  });
  await placed(s, "o-5");
  await placed(s, "o-6");
  await s.order("o-6").run({ type: "ConfirmPayment", paymentId: "p", amount: 2500 }, service);
  for (let i = 0; i < 100 && (await s.write.source.view("o-5"))?.status !== "cancelled"; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal((await s.write.source.view("o-5"))?.status, "cancelled");
  const cancel = (await s.write.source.readEvents("o-5", 0, 100)).events.at(-1);
  assert.deepEqual([cancel?.type, cancel?.actor], ["OrderCancelled", { sub: "system", role: "system" }]);
  assert.equal((await s.write.source.view("o-6"))?.status, "paid");
  // A timer delivered twice (at least once) changes nothing the second time.
  await s.write.direct({ kind: "payment-due", orderId: "o-5" });
  assert.equal((await s.write.source.readEvents("o-5", 0, 100)).events.length, 5);
  s.kv.close();
  await listening;
});

Deno.test("an event stored in an older schema reads in the current one (ItemAdded before productVersion)", opts, async () => {
  const s = await system();
  await s.order("o-7").run({ type: "CreateOrder", orderId: "o-7", customerId: "c-1", currency: "EUR" });
  const old = {
    orderId: "o-7",
    version: 2,
    type: "ItemAdded",
    data: { sku: "OLD", name: "Old", unitPrice: 9, quantity: 1 },
    occurredAt: "2026-11-01T10:00:00.000Z",
    actor: customer,
  };
  await s.kv.set(["order", "o-7", "event", 2], old);
  const [, read] = (await s.write.source.readEvents("o-7", 0, 10)).events;
  assert.deepEqual(read?.data, { ...old.data, productVersion: null });
  assert.equal(read?.meta?.schema, 2);
  s.kv.close();
});
