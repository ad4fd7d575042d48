/**
 * What a caller who may not see an order learns (nothing), how Idempotency-Key
 * behaves across callers and refusals, and what a refused request leaves
 * behind (nothing): API.md v2, issue 7's defects 1-4, 8 and 10, through the
 * public origin inside workerd.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { OrderAggregate } from "../../src/platform/cloudflare/order-aggregate.ts";
import { SHARDS } from "../../src/read/shards.ts";
import { ADDRESS, call, createOrder, json, placedOrder, tokenFor } from "../support/api.ts";
import { HANDSHAKE } from "../support/socket.ts";

const item = { sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 2 };
const stubOf = (orderId: string) => env.ORDERS.get(env.ORDERS.idFromName(orderId));

async function types(id: string): Promise<string[]> {
  const res = await call("GET", `/orders/${id}/events?limit=1000`, { token: await tokenFor("ops", "staff") });
  expect(res.status).toBe(200);
  return (await json<{ events: { type: string }[] }>(res)).events.map((e) => e.type);
}

/** Status, body and the headers a client could read a difference from. */
async function answer(res: Response) {
  return {
    status: res.status,
    body: await res.text(),
    contentType: res.headers.get("Content-Type"),
    etag: res.headers.get("ETag"),
    retryAfter: res.headers.get("Retry-After"),
  };
}

async function registeredIds(): Promise<number> {
  let n = 0;
  for (let shard = 0; shard < SHARDS; shard++)
    n += (await env.STREAMS.get(env.STREAMS.idFromName(`streams-${shard}`)).list("", 10_000)).length;
  return n;
}

describe("a stranger learns nothing about an order (defect 1)", () => {
  it("answers another customer's order exactly as a missing one, whatever If-Match, Idempotency-Key and body it sends", async () => {
    const owner = await tokenFor("c-owner-1", "customer");
    const stranger = await tokenFor("c-stranger-1", "customer");
    const id = await placedOrder(owner);
    const missing = crypto.randomUUID();
    await call("POST", `/orders/${id}/cancel`, { token: owner, body: { reason: "r" }, headers: { "Idempotency-Key": "K" } });

    const probes: [string, string, { body?: unknown; headers?: Record<string, string> }][] = [
      ["POST", "place", { headers: { "If-Match": '"0"' } }],
      ["POST", "place", { headers: { "If-Match": '"5"' } }],
      ["POST", "cancel", { body: { reason: "r" }, headers: { "Idempotency-Key": "K" } }], // the owner's key and body
      ["POST", "cancel", { body: { reason: "other" }, headers: { "Idempotency-Key": "K" } }], // the owner's key, another body
      ["POST", "items", { body: item }],
      ["PUT", "shipping-address", { body: ADDRESS, headers: { "If-Match": "*" } }],
      ["POST", "payments", { body: { paymentId: "p", amount: 2500 } }],
    ];
    for (const [method, action, opts] of probes) {
      const theirs = await answer(await call(method, `/orders/${id}/${action}`, { token: stranger, ...opts }));
      const nobody = await answer(await call(method, `/orders/${missing}/${action}`, { token: stranger, ...opts }));
      expect(theirs, `${method} ${action} ${JSON.stringify(opts)}`).toEqual(nobody);
      expect(theirs.status).toBe(404);
    }
    for (const path of ["", "?minVersion=3", "?minVersion=99", "/events", "/events?after=2"]) {
      const theirs = await answer(await call("GET", `/orders/${id}${path}`, { token: stranger }));
      const nobody = await answer(await call("GET", `/orders/${missing}${path}`, { token: stranger }));
      expect(theirs, path).toEqual(nobody);
      expect(theirs.status).toBe(404);
    }
    const upgrade = { headers: { Upgrade: "websocket", ...HANDSHAKE } };
    const theirs = await answer(await call("GET", `/orders/${id}/track`, { token: stranger, ...upgrade }));
    const nobody = await answer(await call("GET", `/orders/${missing}/track`, { token: stranger, ...upgrade }));
    expect(theirs).toEqual(nobody);
    expect(theirs.status).toBe(404);
    expect(await types(id)).toEqual(["OrderCreated", "ItemAdded", "ShippingAddressSet", "OrderPlaced", "OrderCancelled"]);
  });
});

describe("Idempotency-Key is scoped to its caller (defect 2)", () => {
  it("lets the payment service use a key the owner already used on the same order", async () => {
    const owner = await tokenFor("c-owner-2", "customer");
    const id = await createOrder(owner);
    const key = { "Idempotency-Key": "shared-key" };
    expect((await call("POST", `/orders/${id}/items`, { token: owner, body: item, headers: key })).status).toBe(200);
    await call("PUT", `/orders/${id}/shipping-address`, { token: owner, body: ADDRESS });
    await call("POST", `/orders/${id}/place`, { token: owner });
    const paid = await call("POST", `/orders/${id}/payments`, {
      token: await tokenFor("psp", "service"),
      body: { paymentId: "p-2", amount: 2500 },
      headers: key,
    });
    expect(paid.status).toBe(200);
    expect(await json(paid)).toMatchObject({ status: "paid", version: 5 });
  });
});

describe("refusals under an Idempotency-Key (defect 3)", () => {
  it("replays a refusal by the order (422) instead of running the command again", async () => {
    const owner = await tokenFor("c-owner-3", "customer");
    const id = await createOrder(owner);
    await call("POST", `/orders/${id}/items`, { token: owner, body: item });
    const key = { "Idempotency-Key": "place-once" };
    const first = await call("POST", `/orders/${id}/place`, { token: owner, headers: key });
    expect(first.status).toBe(422);
    const firstBody = await json(first);
    expect(firstBody).toMatchObject({ code: "missing_shipping_address" });
    await call("PUT", `/orders/${id}/shipping-address`, { token: owner, body: ADDRESS });
    const again = await call("POST", `/orders/${id}/place`, { token: owner, headers: key });
    expect(again.status).toBe(422);
    expect(again.headers.get("Content-Type")).toBe("application/problem+json");
    expect(await json(again)).toEqual(firstBody);
    expect(await types(id)).not.toContain("OrderPlaced");
  });

  it("replays a 412 even once the order has reached the version the request named", async () => {
    const owner = await tokenFor("c-owner-3b", "customer");
    const id = await createOrder(owner);
    const headers = { "If-Match": '"2"', "Idempotency-Key": "add-at-2" };
    const stale = await call("POST", `/orders/${id}/items`, { token: owner, body: item, headers });
    expect(stale.status).toBe(412);
    await call("PUT", `/orders/${id}/shipping-address`, { token: owner, body: ADDRESS }); // now at version 2
    const replay = await call("POST", `/orders/${id}/items`, { token: owner, body: item, headers });
    expect(replay.status).toBe(412);
    expect(await json(replay)).toEqual(await json(stale));
    expect(await types(id)).not.toContain("ItemAdded");
  });

  it("replays a 409 even once the lifecycle would allow the command", async () => {
    const owner = await tokenFor("c-owner-3c", "customer");
    const service = await tokenFor("psp", "service");
    const id = await createOrder(owner);
    const pay = { token: service, body: { paymentId: "p-early", amount: 2500 }, headers: { "Idempotency-Key": "pay-early" } };
    const early = await call("POST", `/orders/${id}/payments`, pay);
    expect(early.status).toBe(409);
    await call("POST", `/orders/${id}/items`, { token: owner, body: item });
    await call("PUT", `/orders/${id}/shipping-address`, { token: owner, body: ADDRESS });
    expect((await call("POST", `/orders/${id}/place`, { token: owner })).status).toBe(200);
    const replay = await call("POST", `/orders/${id}/payments`, pay);
    expect(replay.status).toBe(409);
    expect(await json(replay)).toEqual(await json(early));
    expect(await types(id)).not.toContain("PaymentConfirmed");
  });

  it("records nothing for a request refused before the order (403, 404, 400): the key stays free", async () => {
    const owner = await tokenFor("c-owner-3d", "customer");
    const id = await placedOrder(owner);
    const key = { "Idempotency-Key": "free" };
    expect(
      (await call("POST", `/orders/${id}/payments`, { token: owner, body: { paymentId: "p", amount: 2500 }, headers: key })).status,
    ).toBe(403);
    expect((await call("POST", `/orders/${id}/cancel`, { token: owner, body: {}, headers: key })).status).toBe(400);
    expect(
      (await call("POST", `/orders/${crypto.randomUUID()}/cancel`, { token: owner, body: { reason: "x" }, headers: key })).status,
    ).toBe(404);
    const cancelled = await call("POST", `/orders/${id}/cancel`, { token: owner, body: { reason: "changed my mind" }, headers: key });
    expect(cancelled.status).toBe(200);
    expect(await json(cancelled)).toMatchObject({ status: "cancelled" });
  });
});

describe("a refused request leaves nothing behind (defect 4)", () => {
  it("registers no stream and creates no order object for a refused create", async () => {
    const before = await registeredIds();
    const customer = await tokenFor("c-owner-4", "customer");
    for (let i = 0; i < 5; i++) {
      const res = await call("POST", "/orders", { token: customer, body: { customerId: "c-someone-else", currency: "EUR" } });
      expect(res.status).toBe(403);
    }
    const service = await call("POST", "/orders", {
      token: await tokenFor("psp", "service"),
      body: { customerId: "c-x", currency: "EUR" },
    });
    expect(service.status).toBe(403);
    expect(await registeredIds()).toBe(before);
  });

  it("keeps a refused create's Idempotency-Key free", async () => {
    const customer = await tokenFor("c-owner-4b", "customer");
    const headers = { "Idempotency-Key": "create-k" };
    expect((await call("POST", "/orders", { token: customer, body: { customerId: "c-other", currency: "EUR" }, headers })).status).toBe(
      403,
    );
    const created = await call("POST", "/orders", { token: customer, body: { currency: "EUR" }, headers });
    expect(created.status).toBe(201);
  });
});

describe("the payment deadline is the order's own rule (defect 10)", () => {
  it("refuses a payment committed after the deadline with 409 payment_window_closed, before the alarm cancels", async () => {
    const owner = await tokenFor("c-owner-10", "customer");
    const id = await placedOrder(owner);
    await runInDurableObject(stubOf(id), (instance: OrderAggregate) => {
      const late = Date.now() + 900_001;
      instance.clock = { now: () => late };
    });
    const res = await call("POST", `/orders/${id}/payments`, {
      token: await tokenFor("psp", "service"),
      body: { paymentId: "p", amount: 2500 },
    });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ code: "payment_window_closed" });
    expect(await types(id)).not.toContain("PaymentConfirmed");
  });
});

describe("an order's history is bounded (defect 8)", () => {
  it("refuses draft changes with 422 order_too_long once the order nears its bound, and can still be placed", async () => {
    const owner = await tokenFor("c-owner-8", "customer");
    const id = await createOrder(owner);
    await call("PUT", `/orders/${id}/shipping-address`, { token: owner, body: ADDRESS });
    let refused: Response | undefined;
    for (let i = 0; i < 600 && !refused; i++) {
      // Add and remove one line over and over: the draft edit a cart makes.
      const res =
        i % 2 === 0
          ? await call("POST", `/orders/${id}/items`, { token: owner, body: { ...item, quantity: 1 } })
          : await call("DELETE", `/orders/${id}/items/A-1`, { token: owner });
      if (res.status !== 200) refused = res;
    }
    expect(refused?.status).toBe(422);
    expect(await refused?.json()).toMatchObject({ code: "order_too_long" });
    const events = await types(id);
    expect(events.length).toBe(495);
    const placed = await call("POST", `/orders/${id}/place`, { token: owner });
    expect(placed.status).toBe(200);
    expect(await json(placed)).toMatchObject({ version: 496, status: "placed" });
  });
});
