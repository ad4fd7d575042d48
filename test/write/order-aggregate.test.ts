/**
 * The Durable Object's guarantees, inside workerd: serialization without
 * gaps, an outbox that survives a failing Queue, and nothing lost when the
 * object is evicted between commands.
 */
import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { OutboxTransport } from "../../src/app/ports.ts";
import type { EventMessage } from "../../src/domain/order/event-message.ts";
import type { OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
import { queueTransport } from "../../src/platform/cloudflare/queue-transport.ts";
import { kvView } from "../../src/platform/d1-kv/kv-views.ts";
import { call, createOrder, json, tokenFor } from "../support/api.ts";

const stubOf = (orderId: string) => env.ORDERS.get(env.ORDERS.idFromName(orderId));

async function events(orderId: string, token: string): Promise<{ version: number; type: string }[]> {
  const res = await call("GET", `/orders/${orderId}/events?limit=1000`, { token });
  expect(res.status).toBe(200);
  return (await json<{ events: { version: number; type: string }[] }>(res)).events;
}

/**
 * The real Queue, failing its first `failures` sends as an unavailable Queue
 * would (sendBatch rejects), then passing every batch on; records what it passed.
 */
function flakyQueue(failures: number): OutboxTransport & { sent: EventMessage[]; calls: number } {
  const queue = queueTransport(env);
  const t = {
    sent: [] as EventMessage[],
    calls: 0,
    async send(messages: EventMessage[]) {
      t.calls++;
      if (t.calls <= failures) throw new Error("queue unavailable");
      await queue.send(messages);
      t.sent.push(...messages);
    },
  };
  return t;
}

describe("OrderAggregate", () => {
  it("applies 50 concurrent commands on one order as versions v+1..v+50 with no gap", async () => {
    const token = await tokenFor("c-conc", "customer");
    const id = await createOrder(token);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call("POST", `/orders/${id}/items`, { token, body: { sku: `S-${i}`, name: `Item ${i}`, unitPrice: 100 + i, quantity: 1 } }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const versions = (await Promise.all(responses.map((r) => json<{ version: number }>(r)))).map((b) => b.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    const stored = await events(id, token);
    expect(stored.map((e) => e.version)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    const view = await stubOf(id).view();
    expect(view?.items).toHaveLength(50);
    expect(view?.version).toBe(51);
  });

  it("keeps events in the outbox while the Queue fails and delivers every one, in order, once it recovers", async () => {
    const token = await tokenFor("c-outbox", "customer");
    const id = await createOrder(token);
    const stub = stubOf(id);
    // Drain the create event first, so the flaky transport sees only what follows.
    await runDurableObjectAlarm(stub);
    const flaky = flakyQueue(3);
    await runInDurableObject(stub, (instance: OrderAggregate) => {
      instance.transport = flaky;
    });
    for (let i = 0; i < 5; i++) {
      const res = await call("POST", `/orders/${id}/items`, { token, body: { sku: `F-${i}`, name: "Flaky", unitPrice: 10, quantity: 1 } });
      expect(res.status).toBe(200);
    }
    // Each alarm run tries once; the first three fail and back off.
    for (let i = 0; i < 3; i++) {
      expect(await runDurableObjectAlarm(stub)).toBe(true);
      const pending = await runInDurableObject(stub, (instance: OrderAggregate) => instance.store.pendingOutbox(100).length);
      expect(pending).toBe(5);
    }
    expect(flaky.sent).toEqual([]);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(flaky.sent.map((m) => m.id)).toEqual([2, 3, 4, 5, 6].map((v) => `${id}:${v}`));
    expect(flaky.sent[0]).toMatchObject({ orderId: id, version: 2, type: "ItemAdded", actor: { sub: "c-outbox", role: "customer" } });
    expect(typeof flaky.sent[0]?.occurredAt).toBe("string");
    const pending = await runInDurableObject(stub, (instance: OrderAggregate) => instance.store.pendingOutbox(100).length);
    expect(pending).toBe(0);
    // Nothing left to deliver: the alarm is not armed for the outbox any more.
    expect(await runDurableObjectAlarm(stub)).toBe(false);
    // And the Queue really carried them: the projector's view reaches the last version.
    await expect.poll(async () => (await kvView(env.VIEWS, id))?.version, { timeout: 5000 }).toBe(6);
  });

  it("re-arms delivery when the object wakes with outbox rows pending", async () => {
    const token = await tokenFor("c-rearm", "customer");
    const id = await createOrder(token);
    const stub = stubOf(id);
    await runInDurableObject(stub, async (instance: OrderAggregate, state) => {
      instance.transport = flakyQueue(1);
      await state.storage.deleteAlarm(); // as if the alarm had been lost
    });
    await evictDurableObject(stub);
    await stub.view(); // wake it: the constructor re-arms from the outbox
    const armed = await runInDurableObject(stub, (_i: OrderAggregate, state) => state.storage.getAlarm());
    expect(armed).not.toBeNull();
  });

  it("loses nothing when evicted between commands, and continues from the stored version", async () => {
    const token = await tokenFor("c-evict", "customer");
    const id = await createOrder(token);
    const stub = stubOf(id);
    for (let i = 0; i < 3; i++) {
      await call("POST", `/orders/${id}/items`, { token, body: { sku: `E-${i}`, name: "Evict", unitPrice: 5, quantity: 2 } });
      await evictDurableObject(stub);
    }
    const res = await call("POST", `/orders/${id}/items`, { token, body: { sku: "E-0", name: "Evict", unitPrice: 5, quantity: 1 } });
    expect(await json(res)).toEqual({ orderId: id, version: 5, status: "draft" });
    await evictDurableObject(stub);
    const view = await stub.view();
    expect(view?.items.map((l) => [l.sku, l.quantity])).toEqual([
      ["E-0", 3],
      ["E-1", 2],
      ["E-2", 2],
    ]);
    expect((await events(id, token)).map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it("leaves no storage behind for an order id that was never created", async () => {
    const token = await tokenFor("c-probe", "staff");
    for (const path of ["/orders/never-made/events", "/orders/never-made/place"]) {
      const res = await call(path.endsWith("place") ? "POST" : "GET", path, { token });
      expect(res.status).toBe(404);
    }
    const tables = await runInDurableObject(stubOf("never-made"), (_i: OrderAggregate, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'").toArray(),
    );
    expect(tables).toEqual([]);
  });

  it("rebuilds state from the events alone when the snapshot is missing or from an older schema", async () => {
    const token = await tokenFor("c-snap", "customer");
    const id = await createOrder(token);
    await call("POST", `/orders/${id}/items`, { token, body: { sku: "N-1", name: "Snap", unitPrice: 7, quantity: 3 } });
    const stub = stubOf(id);
    const before = await stub.view();
    await runInDurableObject(stub, (_i: OrderAggregate, state) => {
      state.storage.sql.exec("UPDATE snapshot SET schema = -1, state = '{}'");
    });
    await evictDurableObject(stub);
    expect(await stub.view()).toEqual(before);
  });
});
