/**
 * The optional re-send of an order's last delivered event after a quiet
 * period (OUTBOX_RESEND_AFTER_MS, on under `npm start`): what makes the views
 * converge after the local Queue lost accepted messages in a kill -9
 * (src/platform/cloudflare/outbox-delivery.ts). Delivery is driven directly,
 * with a clock the test moves.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { type EventMessage, toMessage } from "../../src/domain/order/event-message.ts";
import { fold } from "../../src/domain/order/evolve.ts";
import type { RecordedEvent } from "../../src/domain/order/types.ts";
import type { OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
import { deliverOutbox, resendAfterMs } from "../../src/platform/cloudflare/outbox-delivery.ts";
import { createOrder, tokenFor } from "../support/api.ts";

const stubOf = (orderId: string) => env.ORDERS.get(env.ORDERS.idFromName(orderId));

function recorder(failing = false) {
  const t = {
    failing,
    batches: [] as number[][],
    async send(messages: EventMessage[]) {
      if (t.failing) throw new Error("queue unavailable");
      t.batches.push(messages.map((m) => m.version));
    },
  };
  return t;
}

function itemAdded(orderId: string, version: number, at: number): RecordedEvent {
  return {
    orderId,
    version,
    type: "ItemAdded",
    data: { sku: `R-${version}`, name: "Resend", unitPrice: 1, quantity: 1 },
    occurredAt: new Date(at).toISOString(),
    actor: { sub: "c-resend", role: "customer" },
  } as RecordedEvent;
}

function append(instance: OrderAggregate, events: RecordedEvent[]): void {
  instance.store.append({ events, idempotency: null, state: fold(events, instance.store.load().state) });
}

describe("outbox re-send after a quiet period", () => {
  it("re-sends the last delivered event once, after the order went quiet, and never while commits keep coming", async () => {
    const token = await tokenFor("c-resend", "customer");
    const id = await createOrder(token);
    const stub = stubOf(id);
    await runDurableObjectAlarm(stub); // the create event, with re-sends off (the test config)
    await runInDurableObject(stub, async (instance: OrderAggregate, state) => {
      await state.storage.deleteAlarm(); // this test drives delivery itself
      const t0 = Date.now() + 60_000;
      let now = t0;
      const queue = recorder();
      const deliver = () =>
        deliverOutbox({ store: instance.store, transport: queue, toMessage, clock: { now: () => now }, resendAfterMs: 1000 });

      append(instance, [itemAdded(id, 2, now), itemAdded(id, 3, now)]);
      await deliver();
      expect(queue.batches).toEqual([[2, 3]]);
      expect(instance.store.pendingOutbox(100)).toEqual([]);
      expect(instance.store.nextOutboxAt()).toBe(t0 + 1000); // the re-send is owed, and arms the alarm

      now = t0 + 500; // a commit within the quiet period pushes the re-send back
      append(instance, [itemAdded(id, 4, now)]);
      await deliver();
      expect(queue.batches).toEqual([[2, 3], [4]]);
      expect(instance.store.nextOutboxAt()).toBe(t0 + 1500);

      now = t0 + 1600; // quiet: the last event goes once more, then nothing is owed
      await deliver();
      expect(queue.batches).toEqual([[2, 3], [4], [4]]);
      expect(instance.store.nextOutboxAt()).toBeNull();
      now = t0 + 10_000;
      await deliver();
      expect(queue.batches).toHaveLength(3);
    });
  });

  it("keeps the re-send owed while the Queue refuses it", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const token = await tokenFor("c-resend", "customer");
    const id = await createOrder(token);
    const stub = stubOf(id);
    await runDurableObjectAlarm(stub);
    await runInDurableObject(stub, async (instance: OrderAggregate, state) => {
      await state.storage.deleteAlarm();
      const t0 = Date.now() + 60_000;
      let now = t0;
      const queue = recorder();
      const deliver = () =>
        deliverOutbox({ store: instance.store, transport: queue, toMessage, clock: { now: () => now }, resendAfterMs: 1000 });
      append(instance, [itemAdded(id, 2, now)]);
      await deliver();
      queue.failing = true;
      now = t0 + 2000;
      await deliver();
      const owed = instance.store.nextOutboxAt();
      expect(owed).toBeGreaterThan(now); // backed off, still owed
      queue.failing = false;
      now = owed as number;
      await deliver();
      expect(queue.batches).toEqual([[2], [2]]);
      expect(instance.store.nextOutboxAt()).toBeNull();
    });
    vi.restoreAllMocks();
  });

  it("upgrades an outbox table written before re-sends existed", async () => {
    const stub = stubOf(`legacy-${crypto.randomUUID()}`);
    await runInDurableObject(stub, async (instance: OrderAggregate, state) => {
      const sql = state.storage.sql;
      sql.exec(`CREATE TABLE events (
        version INTEGER PRIMARY KEY, type TEXT NOT NULL, data TEXT NOT NULL,
        occurred_at TEXT NOT NULL, actor TEXT NOT NULL, order_id TEXT NOT NULL);
        CREATE TABLE outbox (version INTEGER PRIMARY KEY, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL);`);
      const e = itemAdded("legacy", 1, Date.now());
      sql.exec(
        "INSERT INTO events VALUES (1, ?, ?, ?, ?, ?)",
        e.type,
        JSON.stringify(e.data),
        e.occurredAt,
        JSON.stringify(e.actor),
        e.orderId,
      );
      sql.exec("INSERT INTO outbox (version, next_at) VALUES (1, ?)", Date.parse(e.occurredAt));
      expect(instance.store.pendingOutbox(10).map((x) => x.version)).toEqual([1]);
      const queue = recorder();
      await deliverOutbox({ store: instance.store, transport: queue, toMessage, clock: { now: () => Date.now() }, resendAfterMs: 1000 });
      expect(queue.batches).toEqual([[1]]);
      expect(instance.store.pendingOutbox(10)).toEqual([]);
      await state.storage.deleteAll();
    });
  });

  it("reads OUTBOX_RESEND_AFTER_MS: a positive number of ms turns it on, anything else leaves it off", () => {
    expect(resendAfterMs({ OUTBOX_RESEND_AFTER_MS: "1000" })).toBe(1000);
    for (const raw of [undefined, "", " ", "0", "-5", "soon"]) expect(resendAfterMs({ OUTBOX_RESEND_AFTER_MS: raw })).toBeNull();
    expect(resendAfterMs({})).toBeNull();
  });
});
