/**
 * Event versioning (src/domain/upcaster.ts): an event stored in an older
 * schema (ItemAdded before `productVersion`, in an events table from before
 * events carried metadata) and a Queue message of that shape are read in
 * the current schema by the order's object (its fold), the projector, the
 * API (`/events`) and the tracking socket's replay.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type EventMessage, fromMessage, orderMessageId } from "../../src/domain/order/event-message.ts";
import type { OrderView } from "../../src/domain/order/view.ts";
import type { OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
import { streamRegistry } from "../../src/platform/cloudflare/stream-registry.ts";
import { deliver, projected, silentOrder } from "../read/helpers.ts";
import { rawCall, tokenFor } from "../support/api.ts";
import { track } from "../support/socket.ts";

/** ItemAdded as schema 1 wrote it: no `productVersion`, no metadata. */
const OLD_LINE = { sku: "OLD-1", name: "Old mug", unitPrice: 900, quantity: 2 };

/** An order whose storage is as an object from before event versioning left it: the old table, an old ItemAdded. */
async function oldOrder(): Promise<{ orderId: string; customerId: string }> {
  const orderId = crypto.randomUUID();
  const customerId = `c-old-${orderId.slice(0, 8)}`;
  await streamRegistry(env.STREAMS).register(orderId, customerId);
  const stub = env.ORDERS.get(env.ORDERS.idFromName(orderId));
  await runInDurableObject(stub, (_instance: OrderAggregate, state) => {
    const sql = state.storage.sql;
    // The events table as it was before the `meta` column, with no snapshot: a cold start folds the rows.
    sql.exec(`CREATE TABLE events (
      version INTEGER PRIMARY KEY, type TEXT NOT NULL, data TEXT NOT NULL,
      occurred_at TEXT NOT NULL, actor TEXT NOT NULL, order_id TEXT NOT NULL);
      CREATE TABLE outbox (version INTEGER PRIMARY KEY, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL, sent_at INTEGER);
      CREATE TABLE idempotency (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, reply TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), schema INTEGER NOT NULL, version INTEGER NOT NULL, state TEXT NOT NULL);`);
    const actor = JSON.stringify({ sub: customerId, role: "customer" });
    const insert = "INSERT INTO events (version, type, data, occurred_at, actor, order_id) VALUES (?, ?, ?, ?, ?, ?)";
    sql.exec(
      insert,
      1,
      "OrderCreated",
      JSON.stringify({ orderId, customerId, currency: "EUR" }),
      "2026-11-01T10:00:00.000Z",
      actor,
      orderId,
    );
    sql.exec(insert, 2, "ItemAdded", JSON.stringify(OLD_LINE), "2026-11-01T10:00:01.000Z", actor, orderId);
  });
  // A cold start: the object that was running saw no events; the next one reads these rows.
  await runInDurableObject(stub, (_instance: OrderAggregate, state) => {
    try {
      state.abort("restart on the old storage");
    } catch {
      // abort throws to end the current request
    }
  }).catch(() => undefined);
  return { orderId, customerId };
}

describe("an event of an older schema", () => {
  it("is folded by the order's object, served by /events and the socket's replay in the current schema, and the order takes new commands", async () => {
    const { orderId, customerId } = await oldOrder();
    const token = await tokenFor(customerId, "customer");
    const stub = env.ORDERS.get(env.ORDERS.idFromName(orderId));

    const view = (await stub.view()) as OrderView;
    expect(view.items).toEqual([{ ...OLD_LINE, lineTotal: 1800 }]);
    expect(view.version).toBe(2);

    const events = await rawCall("GET", `/orders/${orderId}/events`, { token });
    expect(events.status).toBe(200);
    const body = (await events.json()) as { events: { type: string; data: Record<string, unknown> }[] };
    expect(body.events[1]).toMatchObject({ type: "ItemAdded", data: { ...OLD_LINE, productVersion: null } });
    // The metadata stays out of the public events.
    expect(Object.keys(body.events[1] ?? {}).sort()).toEqual(["actor", "data", "occurredAt", "type", "version"]);

    const page = await stub.readEvents(0, 10);
    expect(page.events[1]?.meta?.schema).toBe(2);

    // A new command on the old table: it gains the metadata column, and the new event carries its schema.
    const placed = await stub.execute({
      orderId,
      command: {
        type: "SetShippingAddress",
        address: { name: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" },
      },
      actor: { sub: customerId, role: "customer" },
      requestId: "req-versioning-1",
    });
    expect(placed.ok).toBe(true);
    const after = await stub.readEvents(2, 10);
    expect(after.events[0]?.meta).toEqual({ schema: 1, requestId: "req-versioning-1" });
    expect((await stub.readEvents(0, 10)).events.map((e) => e.type)).toEqual(["OrderCreated", "ItemAdded", "ShippingAddressSet"]);

    // The tracking socket's replay from the start carries the upcast event.
    const { status, tracker } = await track(orderId, token, "after=0");
    expect(status).toBe(101);
    const frames = (await tracker?.next(3)) ?? [];
    expect(frames.find((f) => f.event?.type === "ItemAdded")?.event?.data).toEqual({ ...OLD_LINE, productVersion: null });
    tracker?.ws.close();
  });

  it("in a Queue message is projected in the current schema", async () => {
    const { orderId, messages } = await silentOrder();
    const created = messages[0];
    if (!created) throw new Error("no OrderCreated");
    // ItemAdded as an outbox of schema 1 sent it: no productVersion, no metadata.
    const old = {
      id: orderMessageId(orderId, 2),
      orderId,
      version: 2,
      type: "ItemAdded",
      data: OLD_LINE,
      occurredAt: new Date().toISOString(),
      actor: created.actor,
    };
    // What the projector folds: the message read in the current schema.
    expect(fromMessage(old as EventMessage)).toMatchObject({ data: { ...OLD_LINE, productVersion: null }, meta: { schema: 2 } });
    const result = await deliver([created, old]);
    expect(result.explicitAcks.length).toBe(2);
    const view = await projected(orderId, 2);
    expect(view.items).toEqual([{ ...OLD_LINE, lineTotal: 1800 }]);
    expect(view.total).toBe(1800);
  });
});
