/** Live tracking (API.md): snapshot then every committed event with its view, replay with ?after=, auth before upgrade. */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import type { OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
import { ADDRESS, call, createOrder, json, placedOrder, TEST_SECRET, tokenFor } from "../support/api.ts";
import { HANDSHAKE, track } from "../support/socket.ts";

const stubOf = (id: string) => env.ORDERS.get(env.ORDERS.idFromName(id));
const item = (sku: string) => ({ sku, name: "Mug", unitPrice: 500, quantity: 1 });

describe("GET /orders/{id}/track", () => {
  it("sends the snapshot first, then each committed event with the order view after it", async () => {
    const token = await tokenFor("c-live", "customer");
    const id = await createOrder(token);
    const { status, tracker } = await track(id, token);
    expect(status).toBe(101);
    const [snapshot] = await tracker!.next(1);
    expect(snapshot).toMatchObject({ type: "snapshot", version: 1, order: { orderId: id, status: "draft", version: 1, items: [] } });
    await call("POST", `/orders/${id}/items`, { token, body: item("L-1") });
    await call("PUT", `/orders/${id}/shipping-address`, { token, body: ADDRESS });
    const frames = await tracker!.next(3);
    expect(frames[1]).toMatchObject({
      type: "event",
      version: 2,
      event: { type: "ItemAdded", data: item("L-1") },
      order: { version: 2, itemCount: 1, total: 500, status: "draft" },
    });
    expect(frames[2]).toMatchObject({
      type: "event",
      version: 3,
      event: { type: "ShippingAddressSet" },
      order: { shippingAddress: ADDRESS },
    });
    expect(typeof frames[2]?.event.occurredAt).toBe("string");
    // The frame's view is the write side's view.
    expect(frames[2]?.order).toEqual(await stubOf(id).view());
    tracker!.ws.close(1000, "bye");
  });

  it("replays the events after ?after=V from the event store, then continues live with no gap or duplicate", async () => {
    const token = await tokenFor("c-after", "customer");
    const id = await createOrder(token);
    for (const sku of ["R-1", "R-2", "R-3"]) await call("POST", `/orders/${id}/items`, { token, body: item(sku) });
    const { tracker } = await track(id, token, "after=2");
    await tracker!.next(2);
    await call("POST", `/orders/${id}/items`, { token, body: item("R-4") });
    const frames = await tracker!.next(3);
    expect(frames.map((f) => [f.type, f.version])).toEqual([
      ["event", 3],
      ["event", 4],
      ["event", 5],
    ]);
    expect(frames[0]?.order.items.map((l: { sku: string }) => l.sku)).toEqual(["R-1", "R-2"]);
    await new Promise((r) => setTimeout(r, 100));
    expect(tracker!.frames).toHaveLength(3);
  });

  it("answers ping with pong and ignores anything else", async () => {
    const token = await tokenFor("c-ping", "customer");
    const id = await createOrder(token);
    const { tracker } = await track(id, token, "", true);
    await tracker!.next(1);
    tracker!.ws.send("hello");
    tracker!.ws.send(JSON.stringify({ type: "ping" }));
    const frames = await tracker!.next(2);
    expect(frames[1]).toEqual({ type: "pong" });
  });

  it("refuses before the upgrade: 401 without a valid token, 404 for another customer's or a missing order, 426 without Upgrade", async () => {
    const owner = await tokenFor("c-own-live", "customer");
    const id = await createOrder(owner);
    expect((await track(id, undefined)).status).toBe(401);
    expect((await track(id, "garbage")).status).toBe(401);
    const other = await track(id, await tokenFor("c-stranger", "customer"));
    expect(other.status).toBe(404);
    expect(other.webSocket).toBeNull();
    expect((await track("no-such-order", owner)).status).toBe(404);
    const staff = await track(id, await tokenFor("s-1", "staff"));
    expect(staff.status).toBe(101);
    const plain = await call("GET", `/orders/${id}/track`, { token: owner });
    expect(plain.status).toBe(426);
    expect(plain.headers.get("Content-Type")).toBe("application/problem+json");
  });

  it("refuses a handshake the runtime could not complete as a problem: a version other than 13 (426), no valid key (400)", async () => {
    const owner = await tokenFor("c-handshake", "customer");
    const id = await createOrder(owner);
    const upgrade = (headers: Record<string, string>) =>
      call("GET", `/orders/${id}/track`, { token: owner, headers: { Upgrade: "websocket", ...headers } });
    const version = await upgrade({ "Sec-WebSocket-Version": "8", "Sec-WebSocket-Key": HANDSHAKE["Sec-WebSocket-Key"] });
    expect(version.status).toBe(426);
    expect(version.headers.get("Sec-WebSocket-Version")).toBe("13");
    expect(version.headers.get("Content-Type")).toBe("application/problem+json");
    const key = await upgrade({ "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "short" });
    expect(key.status).toBe(400);
    expect(await key.json()).toMatchObject({ code: "invalid_handshake" });
    expect(version.webSocket ?? key.webSocket).toBeNull();
  });

  it("closes the socket with 4001 when the token expires while connected", async () => {
    const id = await createOrder(await tokenFor("c-exp", "customer"));
    const shortLived = await sign({ sub: "c-exp", role: "customer", exp: Math.floor(Date.now() / 1000) + 1 }, TEST_SECRET, "HS256");
    const { tracker } = await track(id, shortLived);
    await tracker!.next(1);
    await new Promise((r) => setTimeout(r, 1100));
    await runDurableObjectAlarm(stubOf(id));
    expect(await tracker!.closed).toMatchObject({ code: 4001 });
  });

  it("closes a socket that sends an oversized frame", async () => {
    const token = await tokenFor("c-big", "customer");
    const id = await createOrder(token);
    const { tracker } = await track(id, token);
    await tracker!.next(1);
    tracker!.ws.send("x".repeat(5000));
    expect(await tracker!.closed).toMatchObject({ code: 1009 });
  });
});

describe("payment timeout", () => {
  it("cancels a placed order the system did not see paid in time, through the decider, and tells live sockets", async () => {
    // The token outlives the fake clock's jump, so the socket stays open to see the cancellation.
    const token = await tokenFor("c-timeout", "customer", { exp: Math.floor(Date.now() / 1000) + 3600 });
    const id = await placedOrder(token);
    const { tracker } = await track(id, token);
    await tracker!.next(1);
    const stub = stubOf(id);
    // Not yet due: the alarm runs (the outbox) but does not cancel.
    await runDurableObjectAlarm(stub);
    expect((await stub.view())?.status).toBe("placed");
    await runInDurableObject(stub, (instance: OrderAggregate) => {
      instance.clock = { now: () => Date.now() + 901_000 };
    });
    await runDurableObjectAlarm(stub);
    const view = await stub.view();
    expect(view).toMatchObject({ status: "cancelled", cancellation: { reason: "payment_timeout", by: "system" } });
    const frames = await tracker!.next(2);
    expect(frames[1]).toMatchObject({ type: "event", event: { type: "OrderCancelled" }, order: { status: "cancelled" } });
    const events = await json<{ events: { type: string; actor: unknown }[] }>(await call("GET", `/orders/${id}/events`, { token }));
    expect(events.events.at(-1)).toMatchObject({ type: "OrderCancelled", actor: { sub: "system", role: "system" } });
  });

  it("leaves a paid order alone", async () => {
    const token = await tokenFor("c-paid-in-time", "customer");
    const id = await placedOrder(token);
    await call("POST", `/orders/${id}/payments`, { token: await tokenFor("psp", "service"), body: { paymentId: "p", amount: 2500 } });
    const stub = stubOf(id);
    await runInDurableObject(stub, (instance: OrderAggregate) => {
      instance.clock = { now: () => Date.now() + 901_000 };
    });
    await runDurableObjectAlarm(stub);
    expect((await stub.view())?.status).toBe("paid");
  });
});
