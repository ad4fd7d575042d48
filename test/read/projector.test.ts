/**
 * The projector Worker inside workerd, fed hand-made Queue batches: it acks
 * per message, repairs a gap from the order's Durable Object, ignores
 * duplicates, retries what it cannot project yet with backoff, and keeps the
 * dead-letter queue's messages for inspection and redrive, each with the last
 * error that made a delivery of it fail.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { EventMessage } from "../../src/domain/order/event-message.ts";
import type { OrderView } from "../../src/domain/order/view.ts";
import { d1MessageFailures } from "../../src/platform/cloudflare/dead-letters.ts";
import { consumeEvents, projectionDeps } from "../../src/platform/cloudflare/projector-consumer.ts";
import { call, json, tokenFor } from "../support/api.ts";
import { ADD_ITEM, deliver, PAID, projected, SET_ADDRESS, silentOrder } from "./helpers.ts";

const kvView = (id: string) => env.VIEWS.get<OrderView>(`order:${id}`, "json");
const d1Row = (id: string) =>
  env.DB.prepare("SELECT version, status, item_count FROM order_views WHERE gen = 1 AND order_id = ?").bind(id).first();
/** The error recorded for a retried message, until its dead letter takes it or it goes through. */
const recorded = (id: string) => env.DB.prepare("SELECT error FROM message_failures WHERE id = ?").bind(id).first<string>("error");

/** The dead letter of message `id`, as GET /admin/dead-letters lists it. */
async function deadLetter(id: string) {
  const listed = await json<{ items: { id: string; body: unknown; attempts: number; error: string | null }[] }>(
    await call("GET", "/admin/dead-letters?limit=1000", { token: await tokenFor("ops", "staff") }),
  );
  return listed.items.find((d) => d.id === id);
}

describe("the projector", () => {
  it("fills a gap from the order's Durable Object instead of waiting for the missing messages", async () => {
    const { orderId, messages } = await silentOrder([ADD_ITEM, SET_ADDRESS, { type: "PlaceOrder" }]);
    const result = await deliver([messages[3]]); // version 4 only: 1-3 never arrive
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
    expect(await kvView(orderId)).toMatchObject({ orderId, version: 4, status: "placed", total: 2500 });
    expect(await d1Row(orderId)).toEqual({ version: 4, status: "placed", item_count: 2 });
  });

  it("acks duplicates and old versions without changing the views", async () => {
    const { orderId, messages } = await silentOrder([ADD_ITEM]);
    await deliver(messages);
    const before = await env.VIEWS.get(`order:${orderId}`);
    const result = await deliver([messages[1], messages[0], messages[1]]);
    expect(result.explicitAcks).toHaveLength(3);
    expect(await env.VIEWS.get(`order:${orderId}`)).toBe(before);
    expect(await d1Row(orderId)).toMatchObject({ version: 2 });
  });

  it("retries, with backoff, only the messages of an order it cannot project yet", async () => {
    const { orderId, messages } = await silentOrder();
    const unknown: EventMessage = { ...(messages[0] as EventMessage), id: "nobody:2", orderId: crypto.randomUUID(), version: 2 };
    const first = await deliver([messages[0], unknown]);
    expect(first.explicitAcks).toHaveLength(1);
    expect(first.retryMessages).toHaveLength(1);
    expect(Object.values(first.delays)).toEqual([1]);
    const third = await deliver([unknown], { attempts: 3 });
    expect(third.retryMessages).toHaveLength(1);
    expect(Object.values(third.delays)).toEqual([4]);
    expect(await kvView(orderId)).toMatchObject({ version: 1 });
  });

  it("republishes a view whose KV write failed when its message comes back as a redrive, though its row does not move", async () => {
    const shipped = { type: "ShipOrder", carrier: "DHL", trackingNumber: "T-1" } as const;
    const { orderId, messages } = await silentOrder([...PAID, shipped, { type: "DeliverOrder" }]);
    const delivered = messages.at(-1) as EventMessage; // terminal: no later event will rewrite KV
    await deliver(messages.slice(0, -1));
    expect(await kvView(orderId)).toMatchObject({ version: delivered.version - 1, status: "shipped" });

    // The KV write of the terminal event fails (the adapter reports it), so its message is retried …
    const deps = projectionDeps(env);
    const batch = createMessageBatch("order-events", [{ id: `kv-down-${orderId}`, timestamp: new Date(), attempts: 5, body: delivered }]);
    await consumeEvents(batch, { ...deps, publisher: { ...deps.publisher, publish: async (views) => views.map((v) => v.orderId) } });
    expect((await getQueueResult(batch, createExecutionContext())).retryMessages).toHaveLength(1);
    expect(await d1Row(orderId)).toMatchObject({ version: delivered.version, status: "delivered" });
    expect(await kvView(orderId)).toMatchObject({ version: delivered.version - 1 });

    // … until it is dead-lettered and redriven: attempts = 1 again, and the D1 row does not move.
    const redriven = await deliver([delivered], { attempts: 1 });
    expect(redriven.explicitAcks).toHaveLength(1);
    expect(await kvView(orderId)).toMatchObject({ version: delivered.version, status: "delivered" });

    // A copy that is current is not written again.
    const before = await env.VIEWS.getWithMetadata(`order:${orderId}`);
    await env.VIEWS.put(`order:${orderId}`, before.value as string, { metadata: { marker: true } });
    await deliver([delivered], { attempts: 1 });
    expect((await env.VIEWS.getWithMetadata(`order:${orderId}`)).metadata).toEqual({ marker: true });
  });

  it("sends a message it does not understand on its way to the dead-letter queue", async () => {
    const result = await deliver([{ hello: "world" }]);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toHaveLength(1);
  });

  it("dead-letters a message it does not understand with the error 'unrecognised message'", async () => {
    const id = `odd-${crypto.randomUUID()}`;
    const body = { hello: "world" };
    // max_retries = 5 (test/wrangler.toml): the 6th attempt is the last; its retry moves the message to the dead-letter queue.
    expect((await deliver([body], { ids: [id], attempts: 6 })).retryMessages).toHaveLength(1);
    expect(await recorded(id)).toBe("unrecognised message");
    expect((await deliver([body], { ids: [id], queue: "order-events-dlq", attempts: 6 })).ackAll).toBe(true);
    expect(await deadLetter(id)).toEqual({ id, body, attempts: 6, receivedAt: expect.any(String), error: "unrecognised message" });
    expect(await recorded(id)).toBeNull(); // taken by its dead letter
  });

  it("dead-letters a message whose order's event store fails with the last error, and forgets the error of one that went through", async () => {
    const { orderId, messages } = await silentOrder([ADD_ITEM, SET_ADDRESS]);
    const [, second, third] = messages as [EventMessage, EventMessage, EventMessage];
    const deps = projectionDeps(env);
    let failure = "event store down";
    const down = {
      ...deps,
      source: {
        readEvents: async () => {
          throw new Error(failure);
        },
      },
    };
    // Version 2 alone is a gap: the projector must read the order's event store, which fails on every attempt.
    const [failing, recovering] = [`down-${orderId}`, `later-${orderId}`];
    for (const attempts of [5, 6]) {
      const batch = createMessageBatch("order-events", [
        { id: failing, timestamp: new Date(), attempts, body: second },
        { id: recovering, timestamp: new Date(), attempts: 1, body: third },
      ]);
      await consumeEvents(batch, down, d1MessageFailures(env.DB));
      expect((await getQueueResult(batch, createExecutionContext())).retryMessages.map((r) => r.msgId).sort()).toEqual(
        [failing, recovering].sort(),
      );
      failure = "event store still down"; // the last error is the one kept
    }
    expect(await recorded(failing)).toBe("Error: event store still down");

    // The other message goes through on its next attempt: its recorded error is forgotten.
    expect((await deliver([third], { ids: [recovering], attempts: 2 })).explicitAcks).toEqual([recovering]);
    expect(await recorded(recovering)).toBeNull();
    expect(await d1Row(orderId)).toMatchObject({ version: 3 });

    expect((await deliver([second], { ids: [failing], queue: "order-events-dlq", attempts: 6 })).ackAll).toBe(true);
    expect(await deadLetter(failing)).toMatchObject({ body: second, attempts: 6, error: "Error: event store still down" });
    expect(await recorded(failing)).toBeNull();
  });

  it("keeps dead letters for staff to read and redrive, and a redriven event is projected", async () => {
    const { orderId, messages } = await silentOrder([ADD_ITEM]);
    const dead = await deliver(messages, { queue: "order-events-dlq", attempts: 6 });
    expect(dead.ackAll).toBe(true);
    const staff = await tokenFor("ops", "staff");
    const listed = await json<{ items: { body: EventMessage; attempts: number; error: string | null }[] }>(
      await call("GET", "/admin/dead-letters?limit=1000", { token: staff }),
    );
    // No retry recorded an error for these (they were sent to the dead-letter queue directly): null, not absent.
    expect(listed.items.filter((d) => d.body.orderId === orderId).map((d) => [d.body.version, d.attempts, d.error])).toEqual([
      [1, 6, null],
      [2, 6, null],
    ]);
    expect((await call("GET", "/admin/dead-letters", { token: await tokenFor("c-1", "customer") })).status).toBe(403);
    // The status counts them too (the console's dead-letter count).
    const status = await json<{ deadLetters: number }>(await call("GET", "/admin/projections", { token: staff }));
    expect(status.deadLetters).toBe(listed.items.length);

    const redrive = await call("POST", "/admin/dead-letters/redrive?limit=1000", { token: staff });
    expect(redrive.status).toBe(200);
    expect((await json<{ redriven: number }>(redrive)).redriven).toBeGreaterThanOrEqual(2);
    expect(await projected(orderId, 2)).toMatchObject({ itemCount: 2 });
    const after = await json<{ items: { body: EventMessage }[] }>(await call("GET", "/admin/dead-letters?limit=1000", { token: staff }));
    expect(after.items.some((d) => d.body.orderId === orderId)).toBe(false);
    expect((await json<{ deadLetters: number }>(await call("GET", "/admin/projections", { token: staff }))).deadLetters).toBe(
      after.items.length,
    );
  });
});
