/**
 * Outbox delivery against a Queue that refuses (issue 7, defect 7): one
 * message the Queue will not take, or a batch over its byte limit, must not
 * hold back the rest of an order's outbox; the refused event keeps its row
 * and is retried on its own backoff for as long as it takes.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { OutboxTransport } from "../../src/app/ports.ts";
import type { EventMessage } from "../../src/domain/order/event-message.ts";
import { fold } from "../../src/domain/order/evolve.ts";
import type { RecordedEvent } from "../../src/domain/order/types.ts";
import type { OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
import { queueTransport } from "../../src/platform/cloudflare/queue-transport.ts";
import { kvView } from "../../src/platform/d1-kv/kv-views.ts";
import { call, createOrder, tokenFor } from "../support/api.ts";

const stubOf = (orderId: string) => env.ORDERS.get(env.ORDERS.idFromName(orderId));
const utf8 = new TextEncoder();

/** A transport that refuses every batch `refuses` says no to, and records what it accepted (passing it on to `next`, if any). */
function refusing(refuses: (messages: EventMessage[]) => boolean, next?: OutboxTransport) {
  const t = {
    accepted: [] as EventMessage[],
    refused: 0,
    async send(messages: EventMessage[]) {
      if (refuses(messages)) {
        t.refused++;
        throw new Error("Queue send failed: refused");
      }
      await next?.send(messages);
      t.accepted.push(...messages);
    },
  };
  return t;
}

/** Cloudflare Queues' sendBatch limits, counted as Queues counts them: UTF-8 bytes, ~100 bytes of metadata per message. */
function overQueueLimits(messages: EventMessage[]): boolean {
  const sizes = messages.map((m) => utf8.encode(JSON.stringify(m)).byteLength + 100);
  return messages.length > 100 || sizes.some((s) => s > 128_000) || sizes.reduce((a, b) => a + b, 0) > 256_000;
}

async function outboxRows(orderId: string): Promise<{ version: number; attempts: number; next_at: number }[]> {
  return runInDurableObject(stubOf(orderId), (_i: OrderAggregate, state) =>
    state.storage.sql
      .exec<{ version: number; attempts: number; next_at: number }>("SELECT version, attempts, next_at FROM outbox ORDER BY version")
      .toArray(),
  );
}

/** Runs the order's alarm until `done` holds, at most `max` times; returns how many runs it took. */
async function alarmsUntil(orderId: string, done: () => boolean, max = 40): Promise<number> {
  for (let runs = 1; runs <= max; runs++) {
    if (!(await runDurableObjectAlarm(stubOf(orderId)))) throw new Error("no alarm armed while the outbox still had work");
    if (done()) return runs;
  }
  return max + 1;
}

describe("outbox delivery when the Queue refuses", () => {
  afterEach(() => vi.restoreAllMocks());

  it("isolates one message the Queue keeps refusing, delivers every other event, and keeps retrying the refused one", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const token = await tokenFor("c-poison", "customer");
    const id = await createOrder(token);
    const stub = stubOf(id);
    await runDurableObjectAlarm(stub); // the create event goes out first
    const queue = refusing((ms) => ms.some((m) => m.version === 4), queueTransport(env));
    await runInDurableObject(stub, (instance: OrderAggregate) => {
      instance.transport = queue;
    });
    for (let i = 0; i < 7; i++) {
      const res = await call("POST", `/orders/${id}/items`, { token, body: { sku: `P-${i}`, name: "Poison", unitPrice: 10, quantity: 1 } });
      expect(res.status).toBe(200);
    }
    const delivered = () => new Set(queue.accepted.map((m) => m.version));
    const runs = await alarmsUntil(id, () => [2, 3, 5, 6, 7, 8].every((v) => delivered().has(v)));
    expect(runs).toBeLessThanOrEqual(20);
    expect([...delivered()].sort((a, b) => a - b)).toEqual([2, 3, 5, 6, 7, 8]);

    // The refused event keeps its row, backs off on its own and is tried again, alone, each time.
    let rows = await outboxRows(id);
    expect(rows.map((r) => r.version)).toEqual([4]);
    const before = rows[0]?.attempts ?? 0;
    const refusedBefore = queue.refused;
    for (let i = 0; i < 3; i++) expect(await runDurableObjectAlarm(stub)).toBe(true);
    rows = await outboxRows(id);
    expect(rows.map((r) => r.version)).toEqual([4]);
    expect(rows[0]?.attempts).toBe(before + 3);
    expect(queue.refused).toBe(refusedBefore + 3);
    expect(rows[0]?.next_at).toBeGreaterThan(Date.now());
    expect(rows[0]?.next_at).toBeLessThanOrEqual(Date.now() + 75_000); // capped backoff (60 s, jitter up to +25%)

    // Each refusal of it alone is one structured line: order, version, attempts, error.
    const lines = errors.mock.calls
      .map(([l]) => (typeof l === "string" && l.startsWith("{") ? JSON.parse(l) : null))
      .filter((l) => l?.messageId === `${id}:4`);
    expect(lines.at(-1)).toMatchObject({
      messageId: `${id}:4`,
      version: 4,
      attempts: before + 3,
      error: expect.stringContaining("refused"),
    });

    // The outbox is not stuck behind it: a later commit goes out on the next run.
    const res = await call("POST", `/orders/${id}/items`, { token, body: { sku: "P-late", name: "Late", unitPrice: 10, quantity: 1 } });
    expect(res.status).toBe(200);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(delivered().has(9)).toBe(true);
    // The projector fills the gap from the order's store: the view is whole although version 4 never travelled.
    await expect.poll(async () => (await kvView(env.VIEWS, id))?.version, { timeout: 5000 }).toBe(9);
    expect((await kvView(env.VIEWS, id))?.items).toHaveLength(8);

    // Once the Queue takes it, it goes, and the outbox is empty.
    await runInDurableObject(stub, (instance: OrderAggregate) => {
      instance.transport = queueTransport(env);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await outboxRows(id)).toEqual([]);
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });

  it("sizes batches in UTF-8 bytes: multi-byte names that fit by string length but not by bytes are all delivered", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const token = await tokenFor("c-euro", "customer");
    const id = await createOrder(token);
    const stub = stubOf(id);
    await runDurableObjectAlarm(stub);
    const queue = refusing(overQueueLimits);
    // Events as large as an event may be: "€" is 1 UTF-16 unit but 3 UTF-8 bytes, so four of these
    // are ~160,000 units (under a 200,000 budget counted in units) but ~480,000 bytes (over 256 KB).
    // Version 4 is over the 128 KB message limit by bytes only: no batch can ever carry it.
    const names = ["€".repeat(40_000), "€".repeat(40_000), "€".repeat(45_000), "€".repeat(40_000), "🙂".repeat(20_000), "small"];
    await runInDurableObject(stub, async (instance: OrderAggregate, state) => {
      instance.transport = queue;
      const { state: order, version } = instance.current;
      const events = names.map(
        (name, i) =>
          ({
            orderId: id,
            version: version + 1 + i,
            type: "ItemAdded",
            data: { sku: `E-${i}`, name, unitPrice: 1, quantity: 1 },
            occurredAt: new Date().toISOString(),
            actor: { sub: "c-euro", role: "customer" },
          }) as RecordedEvent,
      );
      expect(JSON.stringify(events.slice(0, 4)).length).toBeLessThan(200_000);
      instance.store.append({ events, idempotency: null, state: fold(events, order) });
      await state.storage.setAlarm(Date.now());
    });
    const delivered = () => new Set(queue.accepted.map((m) => m.version));
    const want = [2, 3, 5, 6, 7];
    const runs = await alarmsUntil(id, () => want.every((v) => delivered().has(v)));
    expect(runs).toBeLessThanOrEqual(3);
    expect([...delivered()].sort((a, b) => a - b)).toEqual(want);
    // Every batch that was accepted was within the Queue's limits, and the oversized event is still owed.
    expect((await outboxRows(id)).map((r) => r.version)).toEqual([4]);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await outboxRows(id)).map((r) => r.version)).toEqual([4]);
  });
});
