/**
 * GET /orders/{id} as a client sees it: the view of API.md with its ETag,
 * 304, private caching, the role rules without existence leaks, the D1 twin
 * behind KV, and read-your-writes (`minVersion`) through the Durable Object.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json, tokenFor } from "../support/api.ts";
import { ADD_ITEM, deliver, PAID, silentOrder } from "./helpers.ts";

describe("GET /orders/{id}", () => {
  it("answers the projected view with ETag, private caching, and 304 on If-None-Match", async () => {
    const { orderId, customerId, messages } = await silentOrder(PAID);
    await deliver(messages);
    const token = await tokenFor(customerId, "customer");
    const res = await call("GET", `/orders/${orderId}`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("ETag")).toBe('"5"');
    expect(res.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(res.headers.get("Vary")).toContain("Authorization");
    const view = await json(res);
    expect(Object.keys(view).sort()).toEqual(
      [
        "orderId",
        "customerId",
        "status",
        "currency",
        "items",
        "itemCount",
        "total",
        "shippingAddress",
        "payment",
        "shipment",
        "cancellation",
        "createdAt",
        "updatedAt",
        "version",
      ].sort(),
    );
    expect(view).toMatchObject({
      orderId,
      customerId,
      status: "paid",
      currency: "EUR",
      items: [{ sku: "A-1", name: "Mug", unitPrice: 1250, quantity: 2, lineTotal: 2500 }],
      itemCount: 2,
      total: 2500,
      payment: { paymentId: "p-1", amount: 2500, paidAt: messages[4]?.occurredAt },
      shipment: null,
      cancellation: null,
      createdAt: messages[0]?.occurredAt,
      updatedAt: messages[4]?.occurredAt,
      version: 5,
    });

    const again = await call("GET", `/orders/${orderId}`, { token, headers: { "If-None-Match": '"5"' } });
    expect(again.status).toBe(304);
    expect(again.headers.get("ETag")).toBe('"5"');
    expect(again.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(await again.text()).toBe("");
    expect((await call("GET", `/orders/${orderId}`, { token, headers: { "If-None-Match": '"4"' } })).status).toBe(200);
  });

  it("answers another customer exactly as for an order that does not exist; staff and service read any order", async () => {
    const { orderId, messages } = await silentOrder();
    await deliver(messages);
    const stranger = await tokenFor("c-stranger", "customer");
    const theirs = await call("GET", `/orders/${orderId}`, { token: stranger });
    const nobody = await call("GET", `/orders/${crypto.randomUUID()}`, { token: stranger });
    expect(theirs.status).toBe(404);
    expect(nobody.status).toBe(404);
    expect(await theirs.json()).toEqual(await nobody.json());
    expect((await call("GET", `/orders/${orderId}?minVersion=9`, { token: stranger })).status).toBe(404); // not 503: no hint
    expect((await call("GET", `/orders/${orderId}`, { token: await tokenFor("ops", "staff") })).status).toBe(200);
    expect((await call("GET", `/orders/${orderId}`, { token: await tokenFor("psp", "service") })).status).toBe(200);
    expect((await call("GET", `/orders/${orderId}`)).status).toBe(401);
    expect((await call("GET", "/orders/not%20an%20id", { token: stranger })).status).toBe(400);
  });

  it("serves the D1 twin when KV has no copy", async () => {
    const { orderId, customerId, messages } = await silentOrder([ADD_ITEM]);
    await deliver(messages.slice(0, 1)); // projected at version 1; the Durable Object is at 2
    await env.VIEWS.delete(`order:${orderId}`);
    const res = await call("GET", `/orders/${orderId}`, { token: await tokenFor(customerId, "customer") });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ orderId, version: 1, items: [] });
  });

  it("reads through to the Durable Object for minVersion, and for an order not projected yet", async () => {
    const { orderId, customerId, messages } = await silentOrder([ADD_ITEM]);
    const token = await tokenFor(customerId, "customer");
    expect(await json(await call("GET", `/orders/${orderId}`, { token }))).toMatchObject({ version: 2 }); // nothing projected
    await deliver(messages.slice(0, 1));
    expect(await json(await call("GET", `/orders/${orderId}`, { token }))).toMatchObject({ version: 1 }); // the projection
    const fresh = await call("GET", `/orders/${orderId}?minVersion=2`, { token });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("ETag")).toBe('"2"');
    expect(await json(fresh)).toMatchObject({ version: 2, itemCount: 2 });
  });

  it("answers 503 with Retry-After, within 2 s, for a version the order has not reached", async () => {
    const { orderId, customerId, messages } = await silentOrder();
    await deliver(messages);
    const started = Date.now();
    const res = await call("GET", `/orders/${orderId}?minVersion=7`, { token: await tokenFor(customerId, "customer") });
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("1");
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
