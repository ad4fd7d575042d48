/** The command half of API.md over HTTP: statuses, headers, roles and the lifecycle. */
import { describe, expect, it } from "vitest";
import { ADDRESS, call, createOrder, json, placedOrder, tokenFor } from "../support/api.ts";

const item = (sku = "A-1", unitPrice = 1250, quantity = 2) => ({ sku, name: "Mug", unitPrice, quantity });

async function eventCount(id: string, token: string): Promise<number> {
  const res = await call("GET", `/orders/${id}/events`, { token });
  return (await json<{ events: unknown[] }>(res)).events.length;
}

describe("POST /orders", () => {
  it("creates a draft for the customer: 201, Location, ETag, time-sortable id", async () => {
    const token = await tokenFor("c-1", "customer");
    const res = await call("POST", "/orders", { token, body: { currency: "EUR" } });
    expect(res.status).toBe(201);
    const body = await json<{ orderId: string; version: number; status: string }>(res);
    expect(body).toMatchObject({ version: 1, status: "draft" });
    expect(body.orderId).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(res.headers.get("Location")).toBe(`/orders/${body.orderId}`);
    expect(res.headers.get("ETag")).toBe('"1"');
    const later = await createOrder(token);
    expect(later > body.orderId).toBe(true);
  });

  it("lets staff create for a named customer and requires the name", async () => {
    const staff = await tokenFor("s-1", "staff");
    expect((await call("POST", "/orders", { token: staff, body: { customerId: "c-9", currency: "USD" } })).status).toBe(201);
    const res = await call("POST", "/orders", { token: staff, body: { currency: "USD" } });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ code: "validation_failed", errors: [{ path: "customerId" }] });
  });

  it("refuses a customer naming another customer, and the service role, with 403", async () => {
    const customer = await tokenFor("c-1", "customer");
    expect((await call("POST", "/orders", { token: customer, body: { customerId: "c-2", currency: "EUR" } })).status).toBe(403);
    expect((await call("POST", "/orders", { token: await tokenFor("svc", "service"), body: { currency: "EUR" } })).status).toBe(403);
  });

  it("validates the body with per-field errors", async () => {
    const token = await tokenFor("c-1", "customer");
    const res = await call("POST", "/orders", { token, body: { currency: "eur" } });
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    expect(await json(res)).toMatchObject({
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      code: "validation_failed",
      errors: [{ path: "currency" }],
    });
  });
});

describe("request hygiene", () => {
  it("answers malformed JSON with 400 malformed_json, a wrong type with 415, a large body with 413", async () => {
    const token = await tokenFor("c-1", "customer");
    const bad = await call("POST", "/orders", { token, body: '{"currency": ' });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ code: "malformed_json" });
    const text = await call("POST", "/orders", { token, body: "currency=EUR", headers: { "Content-Type": "text/plain" } });
    expect(text.status).toBe(415);
    const big = await call("POST", "/orders", { token, body: JSON.stringify({ currency: "EUR", pad: "x".repeat(70_000) }) });
    expect(big.status).toBe(413);
    expect(big.headers.get("Content-Type")).toBe("application/problem+json");
  });

  it("appends nothing for bad input", async () => {
    const token = await tokenFor("c-1", "customer");
    const id = await createOrder(token);
    const attempts = [
      call("POST", `/orders/${id}/items`, { token, body: { ...item(), quantity: 0 } }),
      call("POST", `/orders/${id}/items`, { token, body: { ...item(), unitPrice: 12.5 } }),
      call("POST", `/orders/${id}/items`, { token, body: { ...item(), quantity: 1001 } }),
      call("POST", `/orders/${id}/items`, { token, body: "{" }),
      call("PUT", `/orders/${id}/shipping-address`, { token, body: { ...ADDRESS, country: "Germany" } }),
      call("POST", `/orders/${id}/place`, { token }),
      call("DELETE", `/orders/${id}/items/NOPE`, { token }),
    ];
    expect((await Promise.all(attempts)).map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 422, 422]);
    expect(await eventCount(id, token)).toBe(1);
  });

  it("never leaks internals: an unknown route is a problem+json 404", async () => {
    const res = await call("POST", "/nope", { token: await tokenFor("c-1", "customer") });
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
  });
});

describe("the lifecycle over HTTP", () => {
  it("runs draft -> placed -> paid -> shipped -> delivered with the right roles", async () => {
    const customer = await tokenFor("c-life", "customer");
    const id = await placedOrder(customer, 1250, 2);
    const service = await tokenFor("psp", "service");
    const staff = await tokenFor("s-1", "staff");
    expect((await call("POST", `/orders/${id}/payments`, { token: customer, body: { paymentId: "p", amount: 2500 } })).status).toBe(403);
    const short = await call("POST", `/orders/${id}/payments`, { token: service, body: { paymentId: "p", amount: 2499 } });
    expect(short.status).toBe(422);
    expect(await json(short)).toMatchObject({ code: "amount_mismatch" });
    const paid = await call("POST", `/orders/${id}/payments`, { token: service, body: { paymentId: "p-1", amount: 2500 } });
    expect(await json(paid)).toEqual({ orderId: id, version: 5, status: "paid" });
    expect((await call("POST", `/orders/${id}/ship`, { token: customer, body: { carrier: "DHL", trackingNumber: "1" } })).status).toBe(403);
    expect((await call("POST", `/orders/${id}/ship`, { token: staff, body: { carrier: "DHL", trackingNumber: "1" } })).status).toBe(200);
    const cancel = await call("POST", `/orders/${id}/cancel`, { token: staff, body: { reason: "too late" } });
    expect(cancel.status).toBe(409);
    expect(await json(cancel)).toMatchObject({ code: "invalid_transition" });
    const delivered = await call("POST", `/orders/${id}/deliver`, { token: staff });
    expect(await json(delivered)).toEqual({ orderId: id, version: 7, status: "delivered" });
    expect(delivered.headers.get("ETag")).toBe('"7"');
  });

  it("answers 409 for draft-only commands on a placed order and 404 to another customer", async () => {
    const owner = await tokenFor("c-own", "customer");
    const id = await placedOrder(owner);
    const res = await call("POST", `/orders/${id}/items`, { token: owner, body: item("B-2") });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ status: 409, title: "Conflict", code: "invalid_transition" });
    const stranger = await tokenFor("c-other", "customer");
    for (const [method, path, body] of [
      ["POST", `/orders/${id}/cancel`, { reason: "mine now" }],
      ["GET", `/orders/${id}/events`, undefined],
      ["POST", `/orders/${id}/items`, item()],
    ] as const) {
      const r = await call(method, path, { token: stranger, body });
      expect(r.status).toBe(404);
    }
    expect((await call("POST", "/orders/does-not-exist/place", { token: owner })).status).toBe(404);
  });

  it("lets the customer cancel a placed order but not a paid one; staff can, recording the refund", async () => {
    const customer = await tokenFor("c-cancel", "customer");
    const id = await placedOrder(customer);
    await call("POST", `/orders/${id}/payments`, { token: await tokenFor("psp", "service"), body: { paymentId: "p", amount: 2500 } });
    expect((await call("POST", `/orders/${id}/cancel`, { token: customer, body: { reason: "changed my mind" } })).status).toBe(409);
    const staff = await tokenFor("s-1", "staff");
    expect((await call("POST", `/orders/${id}/cancel`, { token: staff, body: { reason: "out of stock" } })).status).toBe(200);
    const events = await json<{ events: { type: string; data: Record<string, unknown> }[] }>(
      await call("GET", `/orders/${id}/events`, { token: staff }),
    );
    expect(events.events.at(-1)).toMatchObject({ type: "OrderCancelled", data: { reason: "out of stock", by: "staff", refundDue: 2500 } });
  });
});

describe("If-Match", () => {
  it("answers 412 and appends nothing when the version differs; applies when it matches", async () => {
    const token = await tokenFor("c-if", "customer");
    const id = await createOrder(token);
    const stale = await call("POST", `/orders/${id}/items`, { token, body: item(), headers: { "If-Match": '"7"' } });
    expect(stale.status).toBe(412);
    expect(await json(stale)).toMatchObject({ status: 412, title: "Precondition Failed" });
    expect((await call("POST", `/orders/${id}/items`, { token, body: item(), headers: { "If-Match": "not-a-version" } })).status).toBe(412);
    const fresh = await call("POST", `/orders/${id}/items`, { token, body: item(), headers: { "If-Match": '"1"' } });
    expect(fresh.status).toBe(200);
    expect(await eventCount(id, token)).toBe(2);
    const listed = await call("POST", `/orders/${id}/items`, { token, body: item(), headers: { "If-Match": 'W/"9", "2"' } });
    expect(listed.status).toBe(200);
    const any = await call("POST", `/orders/${id}/items`, { token, body: item(), headers: { "If-Match": "*" } });
    expect(any.status).toBe(200);
    expect(await eventCount(id, token)).toBe(4);
  });
});

describe("GET /orders/{id}/events", () => {
  it("pages through the event store oldest first with nextAfter", async () => {
    const token = await tokenFor("c-ev", "customer");
    const id = await createOrder(token);
    for (let i = 0; i < 4; i++) await call("POST", `/orders/${id}/items`, { token, body: item(`P-${i}`) });
    const first = await json<{ events: { version: number; type: string; actor: unknown; occurredAt: string }[]; nextAfter: number | null }>(
      await call("GET", `/orders/${id}/events?after=0&limit=2`, { token }),
    );
    expect(first.events.map((e) => e.version)).toEqual([1, 2]);
    expect(first.events[0]).toMatchObject({ type: "OrderCreated", actor: { sub: "c-ev", role: "customer" } });
    expect(first.events[0]?.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(first.nextAfter).toBe(2);
    const last = await json<{ events: { version: number }[]; nextAfter: number | null }>(
      await call("GET", `/orders/${id}/events?after=4`, { token }),
    );
    expect(last.events.map((e) => e.version)).toEqual([5]);
    expect(last.nextAfter).toBeNull();
    expect((await call("GET", `/orders/${id}/events?limit=0`, { token })).status).toBe(400);
  });
});
